package io.sealcloud.platform.operator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A controller work queue with client-go's semantics: pending keys are de-duplicated, a key is never handed to two
 * workers at once (an add while it is processed marks it dirty and it is queued again when {@link #done} is called),
 * delayed adds keep only the earliest deadline per key, and failures are retried with per-key exponential backoff.
 *
 * <p>Concurrency model (see docs/platform/operator-kit.md): one lock guards {@code queue} (keys ready, FIFO),
 * {@code dirty} (keys that need processing: queued or re-added while processing), {@code processing} (keys handed
 * out) and the waiting/failure maps. Invariants: a key is in {@code queue} at most once and only if it is in
 * {@code dirty} and not in {@code processing}. Delayed adds run on one timer thread that calls {@link #add}.
 *
 * @param <K> the key type (controllers use {@code namespace/name} strings)
 */
public final class WorkQueue<K> {

    /** Exponential per-key retry delay: {@code base * 2^failures}, capped at {@code max}. */
    public record Backoff(Duration base, Duration max) {

        /** client-go's default controller rate limiter bounds are 5 ms .. 1000 s; a 5 min cap suits our kinds. */
        public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(5), Duration.ofMinutes(5));

        public Backoff {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(max, "max");
            if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
                throw new IllegalArgumentException("backoff needs 0 < base <= max: " + base + ", " + max);
            }
        }

        /** The delay before retry number {@code failures + 1} (0 → base). */
        public Duration delay(int failures) {
            if (failures < 0) {
                throw new IllegalArgumentException("failures must not be negative: " + failures);
            }
            // Doubling past 62 bits overflows; by then any sane cap has long been reached.
            if (failures >= 62) {
                return max;
            }
            long nanos = base.toNanos();
            long factor = 1L << failures;
            if (nanos > Long.MAX_VALUE / factor) {
                return max;
            }
            Duration d = Duration.ofNanos(nanos * factor);
            return d.compareTo(max) > 0 ? max : d;
        }
    }

    /** A key handed to a worker, with how long it waited in the queue (from being ready to being taken). */
    public record Item<K>(K key, Duration waited) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<K> queue = new ArrayDeque<>();
    private final Set<K> dirty = new HashSet<>();
    private final Set<K> processing = new HashSet<>();
    private final Map<K, Long> readySince = new HashMap<>();
    private final Map<K, Waiting> waiting = new HashMap<>();
    private final Map<K, Integer> failures = new HashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private final Backoff backoff;
    private boolean shuttingDown;

    private record Waiting(long readyAtNanos, ScheduledFuture<?> future) {}

    public WorkQueue(String name, Backoff backoff) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, name + "-delay");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Marks the key as needing processing; a no-op if it already is pending or the queue is shut down. */
    public void add(K key) {
        Objects.requireNonNull(key, "key");
        lock.lock();
        try {
            if (shuttingDown || dirty.contains(key)) {
                return;
            }
            dirty.add(key);
            if (processing.contains(key)) {
                // done(key) queues it again: the worker holding it must finish first.
                return;
            }
            push(key);
        } finally {
            lock.unlock();
        }
    }

    /** Adds the key after {@code delay}; of several delayed adds of one key only the earliest deadline is kept. */
    public void addAfter(K key, Duration delay) {
        Objects.requireNonNull(key, "key");
        if (delay.isNegative() || delay.isZero()) {
            add(key);
            return;
        }
        lock.lock();
        try {
            if (shuttingDown) {
                return;
            }
            long readyAt = System.nanoTime() + delay.toNanos();
            Waiting existing = waiting.get(key);
            if (existing != null && existing.readyAtNanos() - readyAt <= 0) {
                return;
            }
            if (existing != null) {
                existing.future().cancel(false);
            }
            // The timer task reads its own entry under the lock, so it cannot see it before it is stored below.
            Waiting[] self = new Waiting[1];
            ScheduledFuture<?> future = timer.schedule(() -> fire(key, self), delay.toNanos(), TimeUnit.NANOSECONDS);
            self[0] = new Waiting(readyAt, future);
            waiting.put(key, self[0]);
        } finally {
            lock.unlock();
        }
    }

    private void fire(K key, Waiting[] self) {
        lock.lock();
        try {
            Waiting entry = self[0];
            // A later addAfter with an earlier deadline may have replaced this entry (and cancelled us too late).
            if (waiting.get(key) != entry) {
                return;
            }
            waiting.remove(key);
            add(key);
        } finally {
            lock.unlock();
        }
    }

    /** Adds the key after its backoff delay and counts one more failure for it. */
    public void addRateLimited(K key) {
        int previous;
        lock.lock();
        try {
            previous = failures.getOrDefault(key, 0);
            failures.put(key, previous + 1);
        } finally {
            lock.unlock();
        }
        addAfter(key, backoff.delay(previous));
    }

    /** Clears the key's failure count: the next {@link #addRateLimited} waits the base delay again. */
    public void forget(K key) {
        lock.lock();
        try {
            failures.remove(key);
        } finally {
            lock.unlock();
        }
    }

    /** How many rate-limited retries the key has had since it was last forgotten. */
    public int numRequeues(K key) {
        lock.lock();
        try {
            return failures.getOrDefault(key, 0);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until a key is ready and hands it out; the caller owns it until {@link #done}. Empty once the queue is
     * shut down (keys still queued are dropped: controllers are level-triggered and the next start resyncs all).
     */
    public Optional<Item<K>> get() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !shuttingDown) {
                notEmpty.await();
            }
            if (shuttingDown) {
                return Optional.empty();
            }
            K key = queue.poll();
            long since = readySince.remove(key);
            processing.add(key);
            dirty.remove(key);
            return Optional.of(new Item<>(key, Duration.ofNanos(System.nanoTime() - since)));
        } finally {
            lock.unlock();
        }
    }

    /** Releases a key taken with {@link #get}; if it was added meanwhile it becomes ready again now. */
    public void done(K key) {
        lock.lock();
        try {
            processing.remove(key);
            if (dirty.contains(key) && !shuttingDown) {
                push(key);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Keys ready to be taken (not those being processed or waiting for a delay). */
    public int len() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Keys waiting for a delayed add to fire. */
    public int waitingCount() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the queue: blocked and later {@link #get} calls return empty, adds are ignored, delays cancelled. */
    public void shutDown() {
        lock.lock();
        try {
            shuttingDown = true;
            waiting.values().forEach(w -> w.future().cancel(false));
            waiting.clear();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        timer.shutdownNow();
    }

    public boolean isShuttingDown() {
        lock.lock();
        try {
            return shuttingDown;
        } finally {
            lock.unlock();
        }
    }

    private void push(K key) {
        queue.add(key);
        readySince.put(key, System.nanoTime());
        notEmpty.signal();
    }
}
