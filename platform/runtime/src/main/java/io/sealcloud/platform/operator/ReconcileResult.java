package io.sealcloud.platform.operator;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What a {@link Reconciler} asks the controller to do next: nothing, or look again after a delay. */
public final class ReconcileResult {

    private static final ReconcileResult DONE = new ReconcileResult(null);

    private final Duration requeueAfter;

    private ReconcileResult(Duration requeueAfter) {
        this.requeueAfter = requeueAfter;
    }

    /** The resource is reconciled; the next event or resync will look again. */
    public static ReconcileResult done() {
        return DONE;
    }

    /**
     * Reconcile the same key again after {@code delay}: the way to wait for something (never sleep in a reconciler).
     * Resets the key's failure backoff.
     */
    public static ReconcileResult requeueAfter(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("requeue delay must not be negative: " + delay);
        }
        return new ReconcileResult(delay);
    }

    /** The requested delay, empty when {@link #done()}. */
    public Optional<Duration> requeueDelay() {
        return Optional.ofNullable(requeueAfter);
    }

    public boolean isDone() {
        return requeueAfter == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReconcileResult other && Objects.equals(requeueAfter, other.requeueAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(requeueAfter);
    }

    @Override
    public String toString() {
        return requeueAfter == null ? "done" : "requeueAfter(" + requeueAfter + ")";
    }
}
