package io.sealcloud.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sealcloud.platform.config.ServiceConfig;
import io.sealcloud.platform.events.CloudEventHeaders;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka as CloudEvents (binary mode) in id order and marks them published once the broker
 * has acknowledged them: at-least-once delivery, per-workspace order.
 *
 * <p>Single active relay: each cycle runs in one database transaction that first takes a PostgreSQL advisory lock
 * ({@code pg_try_advisory_xact_lock}) named after the service; a replica that does not get it stays idle for that
 * cycle. There is no stable leader: idle replicas take the lock in turns, which is harmless because only one holds it
 * at a time. Two relays reading the same rows at once would send them twice and could interleave one workspace's events
 * out of order; with the lock, a cycle's sends are acknowledged and its rows marked before the commit that releases
 * the lock, so the next holder starts exactly after them. The lock dies with its transaction, so a crashed replica
 * never blocks the others.
 *
 * <p>Why a plain {@link KafkaProducer} on a dedicated thread rather than a SmallRye emitter: the relay needs to know
 * per record when the broker acknowledged it (acks=all, idempotent) before it marks the row, sends to the topic each
 * row names (no channel per topic to configure), and must stop cleanly between two cycles. Blocking JDBC on its own
 * thread keeps the lock, send, wait and commit of a cycle one readable sequence and never touches an event loop.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final DataSource dataSource;
    private final OutboxConfig config;
    private final Map<String, Object> kafkaConfig;
    private final String serviceName;
    private final String source;
    private final String lockName;

    private final Counter publishFailures;
    private final Timer publishLatency;
    private final MeterRegistry registry;
    private final String metricPrefix;
    private final AtomicLong pending = new AtomicLong();

    private final Object lifecycle = new Object();
    private Thread worker;
    private CountDownLatch stopSignal;
    private volatile boolean running;
    private volatile boolean active;

    public OutboxRelay(
            DataSource dataSource,
            OutboxConfig config,
            ServiceConfig service,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            MeterRegistry registry) {
        this.dataSource = dataSource;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.serviceName = service.name();
        this.source = CloudEventHeaders.source(serviceName);
        this.lockName = "sealcloud-outbox-relay:" + serviceName;
        this.registry = registry;
        this.metricPrefix = "sealcloud." + serviceName.replace('-', '_') + ".outbox.";
        this.publishFailures = Counter.builder(metricPrefix + "publish.failures")
                .description("Outbox rows whose send to Kafka failed (they are retried)")
                .register(registry);
        this.publishLatency = Timer.builder(metricPrefix + "publish.latency")
                .description("Time from the outbox append to the broker's acknowledgement")
                .register(registry);
        Gauge.builder(metricPrefix + "pending", pending, AtomicLong::get)
                .description("Outbox rows not yet published, as of the relay's last cycle")
                .register(registry);
    }

    void onStartup(@Observes StartupEvent event) {
        if (config.relay().enabled()) {
            start();
        } else {
            LOG.info("Outbox relay disabled (sealcloud.outbox.relay.enabled=false)");
        }
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts the relay thread; does nothing when it already runs. */
    public void start() {
        synchronized (lifecycle) {
            if (worker != null) {
                return;
            }
            CountDownLatch signal = new CountDownLatch(1);
            Thread thread = new Thread(() -> run(signal), "sealcloud-outbox-relay");
            thread.setDaemon(true);
            stopSignal = signal;
            running = true;
            worker = thread;
            thread.start();
            LOG.infof(
                    "Outbox relay started for service %s (batch %d, poll every %s)",
                    serviceName, config.batchSize(), config.pollInterval());
        }
    }

    /**
     * Stops the relay after the cycle in flight: rows it sent are acknowledged and marked before this returns (up to
     * {@code sealcloud.outbox.relay.stop-timeout}), so a restart neither loses nor repeats them.
     */
    public void stop() {
        Thread thread;
        synchronized (lifecycle) {
            if (worker == null) {
                return;
            }
            thread = worker;
            running = false;
            stopSignal.countDown();
            worker = null;
        }
        try {
            thread.join(config.relay().stopTimeout().toMillis());
            if (thread.isAlive()) {
                LOG.warnf(
                        "Outbox relay did not stop within %s; interrupting it",
                        config.relay().stopTimeout());
                thread.interrupt();
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Outbox relay stopped");
    }

    /** Whether the relay thread is running (active or standby). */
    public boolean isRunning() {
        return running;
    }

    /** Whether this replica held the relay lock in its last cycle, i.e. is the one publishing. */
    public boolean isActive() {
        return active;
    }

    private void run(CountDownLatch signal) {
        Producer<String, byte[]> producer;
        try {
            producer = createProducer(signal);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            producer = null;
        }
        if (producer == null) {
            active = false;
            return;
        }
        run(producer, signal);
    }

    /**
     * Builds the Kafka producer on the relay's own thread, not in {@link #start()}: that loads about 1,300 classes and
     * resolves the brokers, which would otherwise hold up the service's start (it runs on {@link StartupEvent}) for no
     * request's benefit. Retries with the cycle's backoff while the brokers' names do not resolve; returns null when
     * stopped first.
     */
    private Producer<String, byte[]> createProducer(CountDownLatch signal) throws InterruptedException {
        Duration backoff = Duration.ZERO;
        while (running) {
            try {
                return new KafkaProducer<>(producerConfig());
            } catch (KafkaException e) {
                backoff = nextBackoff(backoff);
                LOG.warnf("Outbox relay cannot create its Kafka producer, retrying in %s: %s", backoff, e.toString());
                if (signal.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                    return null;
                }
            }
        }
        return null;
    }

    private void run(Producer<String, byte[]> producer, CountDownLatch signal) {
        Duration backoff = Duration.ZERO;
        try {
            while (running) {
                Duration pause;
                try {
                    int sent = cycle(producer);
                    backoff = Duration.ZERO;
                    // A full batch means there is probably more: go again at once.
                    pause = sent >= config.batchSize() ? Duration.ZERO : config.pollInterval();
                } catch (Exception e) {
                    backoff = nextBackoff(backoff);
                    pause = backoff;
                    LOG.warnf("Outbox relay cycle failed, retrying in %s: %s", backoff, e.toString());
                    LOG.debug("Outbox relay failure", e);
                }
                if (!pause.isZero() && signal.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            active = false;
            producer.close(Duration.ofSeconds(5));
        }
    }

    private Duration nextBackoff(Duration current) {
        Duration next = current.isZero() ? config.pollInterval() : current.multipliedBy(2);
        return next.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : next;
    }

    /**
     * One cycle in one transaction: lock, read a batch, send it, wait for every acknowledgement, mark, commit. Returns
     * how many rows were published; throws when any send failed so the loop backs off.
     */
    private int cycle(Producer<String, byte[]> producer) throws SQLException, InterruptedException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean locked = OutboxStore.tryLock(c, lockName);
                if (locked != active) {
                    // Debug only: idle replicas take the lock in turns, so this flips often and means nothing.
                    LOG.debugf(
                            locked
                                    ? "Outbox relay of %s holds the relay lock"
                                    : "Outbox relay of %s is standby" + " (another replica holds the relay lock)",
                            serviceName);
                    active = locked;
                }
                if (!locked) {
                    pending.set(OutboxStore.countPending(c));
                    c.commit();
                    return 0;
                }
                List<PendingEvent> batch = OutboxStore.pending(c, config.batchSize());
                Outcome outcome = batch.isEmpty() ? Outcome.NONE : send(producer, batch);
                OutboxStore.markPublished(c, outcome.published());
                for (Failure failure : outcome.failures()) {
                    OutboxStore.markFailed(
                            c, failure.event().id(), failure.error().toString());
                }
                pending.set(OutboxStore.countPending(c));
                c.commit();
                record(batch, outcome);
                if (!outcome.failures().isEmpty()) {
                    Failure first = outcome.failures().get(0);
                    throw new IllegalStateException(
                            outcome.failures().size() + " of " + batch.size() + " events not published, first "
                                    + first.event().eventId() + ": " + first.error(),
                            first.error());
                }
                return outcome.published().size();
            } catch (SQLException | RuntimeException | InterruptedException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    /**
     * Sends the batch in waves — the oldest pending event of every key, then the next of each, … — and waits for a
     * wave's acknowledgements before sending the next; never throws for a Kafka failure.
     *
     * <p>Why waves rather than the whole batch at once: when a send fails for good (delivery timeout during a broker
     * outage), the idempotent producer does not hold back the later batches of that partition, so a workspace's later
     * event could be acknowledged while its earlier one failed and is retried after it — out of order at every
     * consumer (OutboxRelayTest's broker outage showed exactly that). Here a key's next event is handed to the producer
     * only once its previous one is acknowledged, and a key that fails sends nothing more this cycle; its rows stay
     * pending, in order, for the next cycle. Keys still travel in parallel, so a cycle costs one round trip per event
     * of its busiest key.
     */
    private Outcome send(Producer<String, byte[]> producer, List<PendingEvent> batch) throws InterruptedException {
        Map<String, Deque<PendingEvent>> byKey = new LinkedHashMap<>();
        for (PendingEvent event : batch) {
            byKey.computeIfAbsent(event.kafkaKey(), k -> new ArrayDeque<>()).add(event);
        }
        List<Long> published = new ArrayList<>(batch.size());
        List<Failure> failures = new ArrayList<>();
        while (!byKey.isEmpty()) {
            List<PendingEvent> wave = new ArrayList<>(byKey.size());
            List<Future<RecordMetadata>> futures = new ArrayList<>(byKey.size());
            for (Deque<PendingEvent> events : byKey.values()) {
                PendingEvent event = events.peekFirst();
                try {
                    futures.add(producer.send(OutboxRecords.toRecord(event, source)));
                    wave.add(event);
                } catch (RuntimeException e) {
                    // send() itself failed (no metadata within max.block.ms, producer fenced): the producer is
                    // unusable for now, so nothing more is sent this cycle; what this wave already sent is awaited.
                    failures.add(new Failure(event, e));
                    byKey.clear();
                    break;
                }
            }
            // Past linger.ms at once: the wave is complete, nothing else will join its batches.
            producer.flush();
            for (int i = 0; i < futures.size(); i++) {
                PendingEvent event = wave.get(i);
                Deque<PendingEvent> rest = byKey.get(event.kafkaKey());
                try {
                    futures.get(i).get();
                    published.add(event.id());
                    if (rest != null) {
                        rest.pollFirst();
                    }
                } catch (ExecutionException e) {
                    failures.add(new Failure(event, e.getCause()));
                    // The key's later events are not sent: they must not overtake this one.
                    byKey.remove(event.kafkaKey());
                }
            }
            byKey.values().removeIf(Deque::isEmpty);
        }
        published.sort(Long::compare);
        failures.sort((a, b) -> Long.compare(a.event().id(), b.event().id()));
        return new Outcome(published, failures);
    }

    private void record(List<PendingEvent> batch, Outcome outcome) {
        if (outcome.published().isEmpty() && outcome.failures().isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        Map<String, Integer> perTopic = new HashMap<>();
        int next = 0;
        for (PendingEvent event : batch) {
            if (next < outcome.published().size() && outcome.published().get(next) == event.id()) {
                next++;
                perTopic.merge(event.topic(), 1, Integer::sum);
                publishLatency.record(Duration.between(event.occurredAt(), now));
            }
        }
        perTopic.forEach((topic, count) -> Counter.builder(metricPrefix + "published")
                .description("Outbox events published to Kafka and acknowledged by the broker")
                .tag("topic", topic)
                .register(registry)
                .increment(count));
        publishFailures.increment(outcome.failures().size());
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> props = new HashMap<>();
        // The shared kafka.* settings (bootstrap servers, security) as Quarkus collects them, minus consumer keys.
        kafkaConfig.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                props.put(key, value);
            }
        });
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "sealcloud-" + serviceName + "-outbox-relay");
        // A cycle holds its transaction while it waits: bound the wait well below the defaults (2 min, 1 min).
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.putAll(config.producer());
        // Not overridable: without them a retry could duplicate or reorder a workspace's events within a cycle.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("Rollback of an outbox relay cycle failed", e);
        }
    }

    private record Failure(PendingEvent event, Throwable error) {}

    private record Outcome(List<Long> published, List<Failure> failures) {
        static final Outcome NONE = new Outcome(List.of(), List.of());
    }
}
