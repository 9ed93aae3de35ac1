package io.sealcloud.platform.operator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Controller runtime settings shared by every service ({@code sealcloud.operator.*}). */
@ConfigMapping(prefix = "sealcloud.operator")
public interface OperatorConfig {

    /** Start the service's {@link Controller} beans at boot (off for a replica that should only serve the API). */
    @WithDefault("true")
    boolean enabled();

    /** How often every cached primary object is enqueued again even without events. */
    @WithDefault("5m")
    Duration resyncPeriod();

    /** Worker threads per controller (distinct keys reconcile in parallel; one key never does). */
    @WithDefault("2")
    int workers();

    /** First retry delay after a failed reconcile; doubles per consecutive failure of the same key. */
    @WithDefault("5ms")
    Duration retryBaseDelay();

    /** Cap of the retry delay. */
    @WithDefault("5m")
    Duration retryMaxDelay();

    /** Namespace of the Lease {@code sealcloud-<service>}: the pod's own namespace in a cluster. */
    @WithDefault("${POD_NAMESPACE:default}")
    String leaseNamespace();

    /** Leader election among replicas of one service. */
    LeaderElection leaderElection();

    /** Leader election timings follow client-go's defaults (15 s / 10 s / 2 s). */
    interface LeaderElection {

        /** Off: every replica runs its controllers (only safe with a single replica). */
        @WithDefault("true")
        boolean enabled();

        /** How long a Lease is valid without renewal; a crashed leader is replaced after at most this. */
        @WithDefault("15s")
        Duration leaseDuration();

        /** A leader that could not renew for this long stops its controllers. */
        @WithDefault("10s")
        Duration renewDeadline();

        /** Pause between acquire/renew attempts. */
        @WithDefault("2s")
        Duration retryPeriod();
    }
}
