package io.sealcloud.metering.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.sealcloud.contracts.metering.MeteringEvents;
import io.sealcloud.metering.domain.Attribution;
import io.sealcloud.metering.domain.InventoryItem;
import io.sealcloud.metering.repository.UsageRepository;
import io.sealcloud.metering.service.Rater;
import io.sealcloud.testkit.KafkaTestResource;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The numbers in docs/benchmarks/metering.md: sample rows/s (aggregation + insert), charges/s (settle: price, insert,
 * outbox row, one transaction per window) and charges/s end to end on the real broker (until a plain consumer has
 * every charge.created), next to Kafka's ProducerPerformance on the same broker. Off unless
 * {@code -Dsealcloud.benchmark=true}; docs/benchmarks/metering.sh runs it.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "metering")
@WithKeycloak
@WithControlPlane(serviceAccount = "metering")
@EnabledIfSystemProperty(named = "sealcloud.benchmark", matches = "true")
class MeteringBenchmarkTest {

    static final Duration WINDOW = Duration.ofMinutes(5);

    @Inject
    TestClock clock;

    @Inject
    UsageRepository usage;

    @Inject
    Rater rater;

    static <T> T onVertx(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Test
    void measuresSamplingRatingAndPublishingAgainstProducerPerformance() throws Exception {
        int workspaces = Integer.getInteger("sealcloud.benchmark.workspaces", 1000);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < workspaces; i++) {
            ids.add(Workspaces.newId());
        }
        // Per workspace: an app pod, a terminal pod, an unattributed pod with a GPU, a volume, a NodePort.
        List<InventoryItem> inventory = new ArrayList<>();
        for (String ws : ids) {
            String ns = "ns-" + ws;
            inventory.add(new InventoryItem(
                    ws, "Pod", ns, "app-0", new Attribution("app", "shop"), Map.of("cpu", 500L, "memory", 512L)));
            inventory.add(new InventoryItem(
                    ws, "Pod", ns, "term", new Attribution("terminal", "t"), Map.of("cpu", 250L, "memory", 256L)));
            inventory.add(new InventoryItem(
                    ws, "Pod", ns, "gpu", Attribution.UNATTRIBUTED, Map.of("cpu", 1000L, "gpu:nvidia.com/gpu", 1L)));
            inventory.add(new InventoryItem(
                    ws,
                    "PersistentVolumeClaim",
                    ns,
                    "data",
                    new Attribution("app", "shop"),
                    Map.of("storage", 10240L)));
            inventory.add(new InventoryItem(ws, "Service", ns, "np", Attribution.UNATTRIBUTED, Map.of("nodeport", 1L)));
        }

        String loadBefore = loadAverage();
        Instant w0 = clock.nextWindowStart(WINDOW);
        long sampleRows = 0;
        long sampleStart = System.nanoTime();
        for (int minute = 0; minute < 5; minute++) {
            Instant at = w0.plus(Duration.ofMinutes(minute));
            List<UsageRepository.Sample> rows = io.sealcloud.metering.service.Sampler.aggregate(inventory, Set.of());
            sampleRows += onVertx(() -> io.quarkus.hibernate.reactive.panache.Panache.withTransaction(
                    () -> usage.insertSamples(at, 60, rows)));
        }
        double sampleSeconds = (System.nanoTime() - sampleStart) / 1e9;

        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "metering-bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Set<String> wanted = new HashSet<>(ids);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(MeteringEvents.TOPIC));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position);

            clock.set(w0.plus(WINDOW).plus(Duration.ofSeconds(30)));
            long rateStart = System.nanoTime();
            rater.settleDue();
            long rateEnd = System.nanoTime();
            int expected = workspaces * 8; // app cpu/memory/storage, terminal cpu/memory, other cpu/gpu/nodeport
            List<Long> latenciesMillis = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (latenciesMillis.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.contains(r.key())) {
                        latenciesMillis.add((System.nanoTime() - rateStart) / 1_000_000);
                    }
                }
            }
            long publishEnd = System.nanoTime();
            assertThat(latenciesMillis).hasSize(expected);

            double rateSeconds = (rateEnd - rateStart) / 1e9;
            double endToEndSeconds = (publishEnd - rateStart) / 1e9;
            long[] sorted =
                    latenciesMillis.stream().mapToLong(Long::longValue).sorted().toArray();
            long p99 = sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
            String loadAfterMetering = loadAverage();
            String perf = producerPerformance(expected);
            String loadAfterPerf = loadAverage();

            String report = String.format(
                    java.util.Locale.ROOT,
                    "workspaces=%d%nsample rows=%d in %.2f s = %.0f rows/s%n"
                            + "charges=%d settled (committed with outbox rows) in %.2f s = %.0f charges/s%n"
                            + "charges on Kafka (seen by a consumer) after %.2f s = %.0f charges/s end to end%n"
                            + "window due -> charge.created consumed: p50 %d ms, p99 %d ms, max %d ms%n"
                            + "ProducerPerformance (%d records of 700 B, acks=all, idempotent) on the same broker:%n%s%n"
                            + "load average (1/5/15 min) before: %s; after metering: %s; after ProducerPerformance: %s%n",
                    workspaces,
                    sampleRows,
                    sampleSeconds,
                    sampleRows / sampleSeconds,
                    expected,
                    rateSeconds,
                    expected / rateSeconds,
                    endToEndSeconds,
                    expected / endToEndSeconds,
                    sorted[sorted.length / 2],
                    p99,
                    sorted[sorted.length - 1],
                    Math.max(expected, 50_000),
                    perf,
                    loadBefore,
                    loadAfterMetering,
                    loadAfterPerf);
            System.out.println("METERING BENCHMARK\n" + report);
            Files.writeString(Path.of("target", "metering-benchmark.txt"), report, StandardCharsets.UTF_8);
        }
    }

    /** The machine's load average, as {@code uptime} shows it (the numbers mean little without it). */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Runs Kafka's own ProducerPerformance (kafka-tools, a separate JVM) against the test broker. */
    static String producerPerformance(int records) throws IOException, InterruptedException {
        String classpath = System.getProperty("sealcloud.benchmark.kafka-tools-classpath");
        if (classpath == null || classpath.isBlank()) {
            return "(not run: -Dsealcloud.benchmark.kafka-tools-classpath not set)";
        }
        List<String> command = new ArrayList<>(Arrays.asList(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                "org.apache.kafka.tools.ProducerPerformance",
                "--topic",
                "bench-producer-performance",
                "--num-records",
                Integer.toString(Math.max(records, 50_000)),
                "--record-size",
                "700",
                "--throughput",
                "-1",
                "--producer-props",
                "bootstrap.servers=" + KafkaTestResource.bootstrapServers(),
                "acks=all",
                "enable.idempotence=true"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }
}
