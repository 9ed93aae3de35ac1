package io.sealcloud.metering.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.sealcloud.metering.config.MeteringConfig;
import io.sealcloud.metering.domain.Windows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the sampler at every aligned sampling instant and the rater every poll interval, each on its own thread (a
 * long catch-up must not delay sampling). Several replicas may run both: samples are keyed by their aligned time and
 * windows are claimed under an advisory lock, so the work is done once.
 */
@ApplicationScoped
public class MeteringTimers {

    private static final Logger LOG = Logger.getLogger(MeteringTimers.class);

    private final Sampler sampler;
    private final Rater rater;
    private final MeteringConfig config;
    private final Clock clock;
    private ScheduledExecutorService sampling;
    private ScheduledExecutorService rating;

    public MeteringTimers(Sampler sampler, Rater rater, MeteringConfig config, Clock clock) {
        this.sampler = sampler;
        this.rater = rater;
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.sampling().enabled()) {
            sampling = Executors.newSingleThreadScheduledExecutor(daemon("metering-sampler"));
            scheduleNextSample();
        }
        if (config.rating().enabled()) {
            rating = Executors.newSingleThreadScheduledExecutor(daemon("metering-rater"));
            long every = config.rating().pollInterval().toMillis();
            rating.scheduleWithFixedDelay(this::rate, every, every, TimeUnit.MILLISECONDS);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (sampling != null) {
            sampling.shutdownNow();
        }
        if (rating != null) {
            rating.shutdownNow();
        }
    }

    /** Sleeps until the next aligned instant, samples it, repeats (no drift: each tick is computed from the clock). */
    private void scheduleNextSample() {
        Duration interval = config.sampling().interval();
        Instant now = clock.instant();
        Instant next = Windows.floor(now, interval).plus(interval);
        sampling.schedule(
                () -> {
                    try {
                        Sampler.Result result = VertxContextSupport.subscribeAndAwait(() -> sampler.sample(next));
                        LOG.debugf("Sampled %s: %d rows", next, result.rows());
                    } catch (Throwable t) {
                        LOG.errorf(t, "Sampling %s failed", next);
                    } finally {
                        if (!sampling.isShutdown()) {
                            scheduleNextSample();
                        }
                    }
                },
                Math.max(0, Duration.between(now, next).toMillis()),
                TimeUnit.MILLISECONDS);
    }

    private void rate() {
        try {
            rater.settleDue();
        } catch (Throwable t) {
            LOG.errorf(t, "Rating failed; the next run retries the same window");
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
