package io.sealcloud.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** Settings of the outbox relay and of the purge of published rows. */
@ConfigMapping(prefix = "sealcloud.outbox")
public interface OutboxConfig {

    /** How long the relay waits before looking again when its last poll found less than a full batch. */
    @WithDefault("250ms")
    Duration pollInterval();

    /** Rows read, sent and marked per relay cycle (one database transaction). */
    @WithDefault("100")
    int batchSize();

    /** Upper bound of the exponential backoff after a Kafka or database failure (it starts at the poll interval). */
    @WithDefault("30s")
    Duration maxBackoff();

    Relay relay();

    Purge purge();

    /**
     * Extra Kafka producer properties for the relay only, with quoted keys: {@code
     * sealcloud.outbox.producer."linger.ms"=20}. They are applied over the shared {@code kafka.*} settings; {@code
     * acks=all} and idempotence cannot be turned off.
     */
    Map<String, String> producer();

    /** The relay loop. */
    interface Relay {

        /** Start the relay at application startup. Off in a process that must only write the outbox. */
        @WithDefault("true")
        boolean enabled();

        /** How long {@code stop()} waits for the cycle in flight (its sends and its commit) to finish. */
        @WithDefault("30s")
        Duration stopTimeout();
    }

    /** Deletion of published rows; the outbox is a queue, not an event store (Kafka keeps the history). */
    interface Purge {

        /** Published rows older than this are deleted. */
        @WithDefault("7d")
        Duration retention();

        /** How often the purge runs (the scheduler reads it as {@code sealcloud.outbox.purge.every}). */
        @WithDefault("1h")
        String every();
    }
}
