package io.sealcloud.platform.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the inbox purge. */
@ConfigMapping(prefix = "sealcloud.inbox")
public interface InboxConfig {

    Purge purge();

    /** Deletion of old inbox entries. */
    interface Purge {

        /**
         * Entries older than this are deleted. Keep it longer than the Kafka retention of every consumed topic: an
         * event redelivered after its entry is gone would be applied again.
         */
        @WithDefault("30d")
        Duration retention();

        /** How often the purge runs (the scheduler reads it as {@code sealcloud.inbox.purge.every}). */
        @WithDefault("1h")
        String every();
    }
}
