package io.sealcloud.metering.it;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service's clock in tests: starts in the future (so no earlier run's windows interfere) and only moves when a
 * test moves it, forward. Rating windows are global, so every test works at or after the current time.
 */
@Alternative
@Priority(1)
@Singleton
public class TestClock extends Clock {

    private Instant now = Instant.parse("2031-01-06T00:00:00Z").plusSeconds(86_400L * (System.nanoTime() % 1000));

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    /** Moves to {@code t} (never backwards). */
    public synchronized void set(Instant t) {
        if (t.isBefore(now)) {
            throw new IllegalArgumentException("The test clock only moves forward: " + t + " < " + now);
        }
        now = t;
    }

    public synchronized Instant advance(Duration by) {
        now = now.plus(by);
        return now;
    }

    /** Moves to the start of the next window of {@code length} (and returns it): a fresh window for a test. */
    public synchronized Instant nextWindowStart(Duration length) {
        long ms = length.toMillis();
        now = Instant.ofEpochMilli((Math.floorDiv(now.toEpochMilli(), ms) + 1) * ms);
        return now;
    }
}
