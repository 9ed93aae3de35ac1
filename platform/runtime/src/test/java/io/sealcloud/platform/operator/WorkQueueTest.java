package io.sealcloud.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    /** Hang guard for blocking calls: never an assertion about speed. */
    private static final long GUARD_SECONDS = 30;

    private final WorkQueue<String> queue = new WorkQueue<>("test", WorkQueue.Backoff.DEFAULT);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        queue.shutDown();
        threads.shutdownNow();
    }

    @Test
    void deduplicatesKeysThatArePendingAlready() throws Exception {
        queue.add("a");
        queue.add("b");
        queue.add("a");

        assertThat(queue.len()).isEqualTo(2);
        assertThat(take()).isEqualTo("a");
        assertThat(take()).isEqualTo("b");
        assertThat(queue.len()).isZero();
    }

    @Test
    void holdsBackAKeyAddedWhileItIsProcessedAndQueuesItOnceWhenDone() throws Exception {
        queue.add("a");
        String taken = take();

        queue.add("a");
        queue.add("a");

        assertThat(queue.len())
                .as("a key being processed is not handed out again")
                .isZero();
        queue.done(taken);
        assertThat(queue.len()).isEqualTo(1);
        assertThat(take()).isEqualTo("a");
        queue.done("a");
        assertThat(queue.len())
                .as("the two adds while processing collapse into one")
                .isZero();
    }

    @Test
    void neverHandsOneKeyToTwoWorkersAtOnceAndProcessesEveryAddEventually() throws Exception {
        List<String> keys = List.of("k1", "k2", "k3", "k4");
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> addedVersion = new ConcurrentHashMap<>();
        Map<String, Integer> processedVersion = new ConcurrentHashMap<>();
        keys.forEach(k -> {
            inFlight.put(k, new AtomicInteger());
            addedVersion.put(k, new AtomicInteger());
        });
        AtomicBoolean overlap = new AtomicBoolean();
        AtomicReference<Throwable> workerFailure = new AtomicReference<>();
        int workers = 4;
        CountDownLatch workersDone = new CountDownLatch(workers);
        for (int w = 0; w < workers; w++) {
            threads.execute(() -> {
                try {
                    Optional<WorkQueue.Item<String>> item;
                    while ((item = queue.get()).isPresent()) {
                        String key = item.get().key();
                        if (inFlight.get(key).incrementAndGet() > 1) {
                            overlap.set(true);
                        }
                        // Read the version before "working": any add after this point must cause another round.
                        processedVersion.put(key, addedVersion.get(key).get());
                        // Stay in flight a little so that overlapping hand-outs would actually collide.
                        LockSupport.parkNanos(20_000);
                        inFlight.get(key).decrementAndGet();
                        queue.done(key);
                    }
                } catch (Throwable e) {
                    workerFailure.set(e);
                } finally {
                    workersDone.countDown();
                }
            });
        }
        int producers = 3;
        CountDownLatch producersDone = new CountDownLatch(producers);
        for (int p = 0; p < producers; p++) {
            threads.execute(() -> {
                for (int i = 0; i < 2_000; i++) {
                    String key = keys.get(i % keys.size());
                    addedVersion.get(key).incrementAndGet();
                    queue.add(key);
                }
                producersDone.countDown();
            });
        }

        assertThat(producersDone.await(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(GUARD_SECONDS))
                .until(() -> workerFailure.get() != null
                        || keys.stream()
                                .allMatch(
                                        k -> Integer.valueOf(addedVersion.get(k).get())
                                                .equals(processedVersion.get(k))));
        assertThat(workerFailure.get()).as("a worker failed").isNull();
        assertThat(overlap).as("a key was processed by two workers at once").isFalse();
        queue.shutDown();
        assertThat(workersDone.await(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void addAfterMakesTheKeyReadyOnlyWhenItsDelayHasPassed() throws Exception {
        queue.addAfter("a", Duration.ofHours(1));

        assertThat(queue.len()).isZero();
        assertThat(queue.waitingCount()).isEqualTo(1);

        queue.addAfter("a", Duration.ofMillis(20));

        assertThat(take()).as("the earlier deadline replaced the later one").isEqualTo("a");
        assertThat(queue.waitingCount()).isZero();
    }

    @Test
    void addAfterKeepsTheEarliestDeadlineOfOneKey() throws Exception {
        queue.addAfter("a", Duration.ofMillis(20));
        queue.addAfter("a", Duration.ofHours(1));

        assertThat(take()).isEqualTo("a");
        assertThat(queue.waitingCount()).isZero();
    }

    @Test
    void addAfterWithoutDelayAddsAtOnce() {
        queue.addAfter("a", Duration.ZERO);

        assertThat(queue.len()).isEqualTo(1);
        assertThat(queue.waitingCount()).isZero();
    }

    @Test
    void countsRateLimitedRetriesPerKeyUntilForgotten() throws Exception {
        queue.addRateLimited("a");
        queue.addRateLimited("a");
        queue.addRateLimited("b");

        assertThat(queue.numRequeues("a")).isEqualTo(2);
        assertThat(queue.numRequeues("b")).isEqualTo(1);
        assertThat(take()).isIn("a", "b");

        queue.forget("a");

        assertThat(queue.numRequeues("a")).isZero();
        assertThat(queue.numRequeues("b")).isEqualTo(1);
    }

    @Test
    void backsOffExponentiallyUpToTheCap() {
        WorkQueue.Backoff backoff = new WorkQueue.Backoff(Duration.ofMillis(5), Duration.ofSeconds(1));

        assertThat(backoff.delay(0)).isEqualTo(Duration.ofMillis(5));
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(10));
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofMillis(40));
        assertThat(backoff.delay(7)).isEqualTo(Duration.ofMillis(640));
        assertThat(backoff.delay(8)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(61)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void rejectsABackoffWhoseCapIsBelowItsBase() {
        assertThatThrownBy(() -> new WorkQueue.Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WorkQueue.Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkQueue.Backoff.DEFAULT.delay(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shutDownReleasesBlockedWorkersAndIgnoresLaterAdds() throws Exception {
        int workers = 3;
        CountDownLatch blocked = new CountDownLatch(workers);
        List<Future<Optional<WorkQueue.Item<String>>>> results = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            results.add(threads.submit(() -> {
                blocked.countDown();
                return queue.get();
            }));
        }
        assertThat(blocked.await(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();

        queue.shutDown();

        for (Future<Optional<WorkQueue.Item<String>>> result : results) {
            assertThat(result.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEmpty();
        }
        queue.add("late");
        queue.addAfter("late", Duration.ofMillis(1));
        assertThat(queue.len()).isZero();
        assertThat(queue.waitingCount()).isZero();
        assertThat(queue.isShuttingDown()).isTrue();
    }

    @Test
    void reportsHowLongAKeyWaited() throws Exception {
        queue.add("a");

        WorkQueue.Item<String> item =
                threads.submit(() -> queue.get().orElseThrow()).get(GUARD_SECONDS, TimeUnit.SECONDS);

        assertThat(item.key()).isEqualTo("a");
        assertThat(item.waited()).isGreaterThanOrEqualTo(Duration.ZERO);
    }

    private String take() throws Exception {
        return threads.submit(() -> queue.get().orElseThrow().key()).get(GUARD_SECONDS, TimeUnit.SECONDS);
    }
}
