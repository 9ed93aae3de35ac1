package io.sealcloud.platform.idempotency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the {@code Idempotency-Key} support ({@code sealcloud.idempotency.*}). */
@ConfigMapping(prefix = "sealcloud.idempotency")
public interface IdempotencyConfig {

    /** How long a completed response is kept and replayed; clients may retry for this long (at least 24 h). */
    @WithDefault("24h")
    Duration retention();

    /**
     * How long a claim of a key counts as alive without a heartbeat: a running request renews it every third of this,
     * so only a claim whose holder died (stopped renewing) lapses and may be taken over by a retry with the same body.
     */
    @WithDefault("60s")
    Duration lockTimeout();

    /** How long a duplicate request waits for the first one to finish before it gets 409 request-in-progress. */
    @WithDefault("5s")
    Duration inProgressWait();

    /** How often a waiting duplicate looks again. */
    @WithDefault("50ms")
    Duration pollInterval();

    /** How often expired keys are deleted (a Quarkus scheduler interval such as {@code 1h}). */
    @WithDefault("1h")
    String purgeEvery();
}
