package io.sealcloud.metering.domain;

import java.time.Duration;
import java.time.Instant;

/** Time alignment of samples and rating windows: both are aligned to multiples of their length since the epoch. */
public final class Windows {

    private Windows() {}

    /** The start of the period of {@code length} that contains {@code t}. */
    public static Instant floor(Instant t, Duration length) {
        long millis = length.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), millis) * millis);
    }

    /** Checks that a length is positive, whole seconds and divides a day (so windows line up with days). */
    public static void requireAligned(String what, Duration length) {
        if (length.isNegative()
                || length.isZero()
                || length.toMillis() % 1000 != 0
                || Duration.ofDays(1).toMillis() % length.toMillis() != 0) {
            throw new IllegalArgumentException(what + " must be whole seconds dividing a day, not " + length);
        }
    }
}
