package io.sealcloud.metering.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Set;

/** Typed configuration of the metering service ({@code sealcloud.metering.*}); defaults are production-safe. */
@ConfigMapping(prefix = "sealcloud.metering")
public interface MeteringConfig {

    Sampling sampling();

    Rating rating();

    Partner partner();

    /** Extended resource names counted as GPUs ({@code gpu:<name>} resources). */
    @WithDefault("nvidia.com/gpu,amd.com/gpu,gpu.intel.com/i915")
    Set<String> gpuResources();

    /** Sampling the live inventory. */
    interface Sampling {
        /** Run the sampler on a timer (tests drive it themselves). */
        @WithDefault("true")
        boolean enabled();

        /** How often a sample is recorded; samples are aligned to multiples of it. */
        @WithDefault("1m")
        Duration interval();
    }

    /** Settling charges per window. */
    interface Rating {
        @WithDefault("true")
        boolean enabled();

        /** Length of a rating window (a whole multiple of the sampling interval, dividing a day). */
        @WithDefault("5m")
        Duration window();

        /** How long after a window's end it is settled: late samples and partner events still land in it. */
        @WithDefault("30s")
        Duration grace();

        /** How often the rater looks for windows to settle. */
        @WithDefault("10s")
        Duration pollInterval();

        /** At most this many windows per rater run (a long catch-up continues in the next runs). */
        @WithDefault("2000")
        int maxWindowsPerRun();
    }

    /** Partner usage ingest. */
    interface Partner {
        /** Most events in one batch request. */
        @WithDefault("1000")
        int maxBatch();

        /** How far in the future an event's time may be (clock skew). */
        @WithDefault("5m")
        Duration maxFutureSkew();

        /** The largest {@code data.quantity} of one event. */
        @WithDefault("1000000000000")
        long maxEventQuantity();

        /**
         * The largest sum of one partner's quantities for one workspace in one rating window (all its meters): a
         * request that would pass it is refused whole. Keeps every window's sum, and its price, far inside a long.
         */
        @WithDefault("1000000000000000")
        long maxWindowQuantity();
    }
}
