package io.sealcloud.metering.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.sealcloud.contracts.metering.ChargeCreatedV1;
import io.sealcloud.contracts.metering.MeteringEvents;
import io.sealcloud.contracts.metering.UsageRecordedV1;
import io.sealcloud.metering.domain.ChargeIds;
import io.sealcloud.metering.domain.InventoryItem;
import io.sealcloud.metering.operator.LiveInventory;
import io.sealcloud.metering.service.Rater;
import io.sealcloud.metering.service.Sampler;
import io.sealcloud.platform.events.EventJson;
import io.sealcloud.testkit.ControlPlaneTestResource;
import io.sealcloud.testkit.EventProbe;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sampling the cluster and settling windows, against the real broker, database and Kubernetes control plane. */
@QuarkusTest
@WithKafka
@WithPostgres(database = "metering")
@WithKeycloak
@WithControlPlane(serviceAccount = "metering")
class SamplingAndRatingTest {

    static final Duration WINDOW = Duration.ofMinutes(5);
    static final Duration GRACE = Duration.ofSeconds(30);

    static AccountsSimulator accounts;
    static EventProbe charges;

    /** Arranges and inspects the real control plane as admin (the service runs as its deploy/ ServiceAccount). */
    static final KubernetesClient admin = ControlPlaneTestResource.adminClient();

    @Inject
    DataSource dataSource;

    @Inject
    TestClock clock;

    @Inject
    LiveInventory inventory;

    @Inject
    Sampler sampler;

    @Inject
    Rater rater;

    Cluster cluster;
    Db db;

    @BeforeAll
    static void connect() {
        accounts = new AccountsSimulator();
        charges = new EventProbe(MeteringEvents.TOPIC);
    }

    @AfterAll
    static void disconnect() {
        accounts.close();
        charges.close();
    }

    @BeforeEach
    void setUp() {
        cluster = new Cluster(admin);
        db = new Db(dataSource);
    }

    String newWorkspace(String owner) {
        String ws = Workspaces.newId();
        accounts.workspaceCreated(ws, owner);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> db.count("SELECT count(*) FROM workspaces WHERE id = ?", ws) == 1);
        return ws;
    }

    void awaitInventory(String ws, int items) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> inventory.snapshot(ws).size() == items);
    }

    static <T> T onVertx(Supplier<io.smallrye.mutiny.Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    Map<String, Long> samplesAt(String ws, Instant at) {
        return db
                .query(
                        "SELECT resource, attribution_kind, attribution_name, allocation FROM usage_samples"
                                + " WHERE workspace_id = ? AND sampled_at = ?",
                        ws,
                        at)
                .stream()
                .collect(Collectors.toMap(
                        r -> r.get("attribution_kind") + "/" + r.get("attribution_name") + "/" + r.get("resource"),
                        r -> ((Number) r.get("allocation")).longValue()));
    }

    Map<String, Long> chargesOf(String ws, Instant windowStart) {
        return db
                .query(
                        "SELECT resource, attribution_kind, attribution_name, debit_micros FROM charges"
                                + " WHERE workspace_id = ? AND window_start = ? AND correction_of IS NULL",
                        ws,
                        windowStart)
                .stream()
                .collect(Collectors.toMap(
                        r -> r.get("attribution_kind") + "/" + r.get("attribution_name") + "/" + r.get("resource"),
                        r -> ((Number) r.get("debit_micros")).longValue()));
    }

    @Test
    void samplesWhatEachAttributionHoldsAndStopsChargingForWhatIsGone() {
        String owner = UUID.randomUUID().toString();
        String ws = newWorkspace(owner);
        String ns = cluster.workspaceNamespace(ws);
        cluster.runningPod(ns, "wordpress-0", Cluster.app("wordpress"), Map.of("cpu", "500m", "memory", "256Mi"));
        cluster.runningPod(ns, "term-alice", Cluster.terminal("alice"), Map.of("cpu", "250m", "memory", "128Mi"));
        cluster.runningPod(ns, "trainer", Cluster.none(), Map.of("cpu", "1", "nvidia.com/gpu", "1"));
        cluster.pod(ns, "unscheduled", Cluster.none(), Map.of("cpu", "4"), Cluster.Outcome.UNSCHEDULED);
        cluster.pod(ns, "finished-job", Cluster.none(), Map.of("cpu", "8"), Cluster.Outcome.SUCCEEDED);
        cluster.boundClaim(ns, "wordpress-data", Cluster.app("wordpress"), "10Gi");
        cluster.service(ns, "debug", Cluster.none(), "NodePort", 2);
        cluster.service(ns, "wordpress", Cluster.app("wordpress"), "LoadBalancer", 1);
        cluster.service(ns, "internal", Cluster.none(), "ClusterIP", 1);
        // Not a workspace namespace: never metered.
        admin.namespaces()
                .resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                        .withNewMetadata()
                        .withName("plain-" + ws)
                        .endMetadata()
                        .build())
                .create();
        cluster.runningPod("plain-" + ws, "outsider", Cluster.none(), Map.of("cpu", "2"));

        awaitInventory(ws, 6);
        assertThat(inventory.snapshot().stream().map(InventoryItem::namespace)).doesNotContain("plain-" + ws);

        Instant t0 = clock.nextWindowStart(WINDOW);
        assertThat(onVertx(() -> sampler.sample(t0)).rows()).isGreaterThanOrEqualTo(9);
        assertThat(samplesAt(ws, t0))
                .isEqualTo(Map.of(
                        "app/wordpress/cpu", 500L,
                        "app/wordpress/memory", 256L,
                        "app/wordpress/storage", 10240L,
                        "app/wordpress/loadbalancer", 1L,
                        "terminal/alice/cpu", 250L,
                        "terminal/alice/memory", 128L,
                        "other//cpu", 1000L,
                        "other//gpu:nvidia.com/gpu", 1L,
                        "other//nodeport", 2L));

        cluster.deletePod(ns, "wordpress-0");
        awaitInventory(ws, 5);
        Instant t1 = t0.plus(Duration.ofMinutes(1));
        clock.set(t1);
        onVertx(() -> sampler.sample(t1));
        Map<String, Long> afterDelete = samplesAt(ws, t1);
        assertThat(afterDelete).doesNotContainKeys("app/wordpress/cpu", "app/wordpress/memory");
        assertThat(afterDelete).containsEntry("app/wordpress/storage", 10240L).containsEntry("other//cpu", 1000L);

        // The owner's account falls into debt: accounts suspends the workloads, and nothing costs money.
        accounts.debtState(owner, "debt");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> db.count("SELECT count(*) FROM account_debt_states WHERE account_id = ?", owner) == 1);
        Instant t2 = t0.plus(Duration.ofMinutes(2));
        clock.set(t2);
        onVertx(() -> sampler.sample(t2));
        assertThat(samplesAt(ws, t2)).isEmpty();

        // Settle the window: every (resource, attribution) is one charge, computed by hand below.
        clock.set(t0.plus(WINDOW).plus(GRACE));
        rater.settleDue();
        Map<String, Long> expected = new HashMap<>();
        expected.put("app/wordpress/cpu", 417L); // 500 millicore-minutes × 50000/60000 = 416.67
        expected.put("app/wordpress/memory", 104L); // 256 MiB-minutes × 25000/61440 = 104.17
        expected.put("app/wordpress/storage", 667L); // 20480 MiB-minutes × 2000/61440 = 666.67
        expected.put("app/wordpress/loadbalancer", 667L); // 2 service-minutes × 20000/60 = 666.67
        expected.put("terminal/alice/cpu", 417L); // 2 × 250
        expected.put("terminal/alice/memory", 104L); // 2 × 128
        expected.put("other//cpu", 1667L); // 2000 × 50000/60000 = 1666.67
        expected.put("other//gpu:nvidia.com/gpu", 50000L); // 2 device-minutes × 1500000/60
        expected.put("other//nodeport", 667L); // 4 port-minutes × 10000/60 = 666.67
        assertThat(chargesOf(ws, t0)).isEqualTo(expected);

        List<EventProbe.Received> events = awaitEvents(ws, expected.size());
        assertThat(events.stream().mapToLong(e -> debitOf(e.value())).sum()).isEqualTo(54_710L);
        assertThat(events).allSatisfy(e -> assertThat(e.header("ce_subject")).startsWith("ch-" + ws + "-"));
    }

    @Test
    void settlesEveryMissedWindowExactlyOnceAfterARestartAndMatchesTheHandComputedSum() {
        String ws = newWorkspace(UUID.randomUUID().toString());
        String ns = cluster.workspaceNamespace(ws);
        cluster.runningPod(ns, "api", Cluster.none(), Map.of("cpu", "1"));
        cluster.runningPod(ns, "term-bob", Cluster.terminal("bob"), Map.of("cpu", "333m"));
        awaitInventory(ws, 2);

        Instant w0 = clock.nextWindowStart(WINDOW);
        for (int minute = 0; minute < 15; minute++) {
            Instant at = w0.plus(Duration.ofMinutes(minute));
            clock.set(at);
            onVertx(() -> sampler.sample(at));
        }
        // The service was down for the three windows: nothing was settled. It comes back much later.
        clock.set(w0.plus(WINDOW.multipliedBy(3)).plus(GRACE).plus(Duration.ofMinutes(1)));
        rater.settleDue();
        // A second run (a restart, another replica) finds nothing left to do.
        assertThat(rater.settleDue()).isZero();
        assertThat(onVertx(() -> rater.settle(w0)).settled()).isFalse();

        for (int w = 0; w < 3; w++) {
            Instant start = w0.plus(WINDOW.multipliedBy(w));
            assertThat(db.count("SELECT count(*) FROM rating_windows WHERE window_start = ?", start))
                    .isEqualTo(1);
            // 5 samples of 1000 m = 5000 millicore-minutes → 4166.67 → 4167 µ; 5 × 333 m = 1665 → 1387.5 → 1388 µ.
            assertThat(chargesOf(ws, start)).isEqualTo(Map.of("other//cpu", 4167L, "terminal/bob/cpu", 1388L));
        }
        assertThat(db.count("SELECT coalesce(sum(debit_micros), 0) FROM charges WHERE workspace_id = ?", ws))
                .isEqualTo(3 * (4167L + 1388L));
        List<EventProbe.Received> events = awaitEvents(ws, 6);
        assertThat(events.stream().map(e -> e.header("ce_subject")).distinct()).hasSize(6);
        assertThat(events.stream().mapToLong(e -> debitOf(e.value())).sum()).isEqualTo(16_665L);

        // Each window's usage once: the settling transaction wrote one usage.recorded per window, the runs that found
        // nothing to settle wrote none.
        assertThat(db.count(
                        "SELECT count(*) FROM outbox_event WHERE kafka_key = ? AND type = ?",
                        ws,
                        MeteringEvents.USAGE_RECORDED.type()))
                .isEqualTo(3);
        List<EventProbe.Received> usage = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> charges.all(ws, MeteringEvents.USAGE_RECORDED.type()), list -> list.size() >= 3);
        assertThat(usage.stream().map(e -> e.header("ce_subject")))
                .containsExactlyInAnyOrder(
                        ChargeIds.usage(ws, w0),
                        ChargeIds.usage(ws, w0.plus(WINDOW)),
                        ChargeIds.usage(ws, w0.plus(WINDOW.multipliedBy(2))));
        for (EventProbe.Received event : usage) {
            UsageRecordedV1 data = EventJson.convert(
                    EventJson.read(event.value().getBytes(StandardCharsets.UTF_8)), UsageRecordedV1.class);
            assertThat(data.usageId()).isEqualTo(event.header("ce_subject"));
            assertThat(data.windowEnd()).isEqualTo(data.windowStart().plus(WINDOW));
            // 5 samples of 1000 m and of 333 m, in millicore-minutes, both priced.
            assertThat(data.items())
                    .containsExactly(
                            new UsageRecordedV1.Item(
                                    "cpu",
                                    new ChargeCreatedV1.Attribution("other", null),
                                    5000L,
                                    "millicore-minute",
                                    true),
                            new UsageRecordedV1.Item(
                                    "cpu",
                                    new ChargeCreatedV1.Attribution("terminal", "bob"),
                                    1665L,
                                    "millicore-minute",
                                    true));
        }
    }

    @Test
    void aPriceVersionAddedForTheFutureDoesNotChangePastCharges() {
        String ws = newWorkspace(UUID.randomUUID().toString());
        String ns = cluster.workspaceNamespace(ws);
        cluster.runningPod(ns, "render", Cluster.none(), Map.of("cpu", "100m", "amd.com/gpu", "1"));
        awaitInventory(ws, 1);

        Instant w0 = clock.nextWindowStart(WINDOW);
        onVertx(() -> sampler.sample(w0));
        clock.set(w0.plus(WINDOW).plus(GRACE));
        rater.settleDue();
        Map<String, Long> before = chargesOf(ws, w0);
        assertThat(before).containsEntry("other//gpu:amd.com/gpu", 25_000L); // 1 device-minute × 1500000/60

        // Ops doubles the AMD GPU price from the next window on.
        Instant from = w0.plus(WINDOW.multipliedBy(2));
        String version = onVertx(() ->
                        io.quarkus.hibernate.reactive.panache.Panache.withTransaction(() -> priceService()
                                .add(
                                        new io.sealcloud.metering.service.PriceService.NewVersion(
                                                "gpu:amd.com/gpu", null, 3_000_000L, 60L, from, "scarcity"),
                                        "ops-test")))
                .id();
        Instant w2 = from;
        clock.set(w2);
        onVertx(() -> sampler.sample(w2));
        clock.set(w2.plus(WINDOW).plus(GRACE));
        rater.settleDue();

        assertThat(chargesOf(ws, w0)).isEqualTo(before);
        assertThat(db.query(
                                "SELECT price_version FROM charges WHERE workspace_id = ? AND window_start = ?"
                                        + " AND resource = 'gpu:amd.com/gpu'",
                                ws,
                                w0)
                        .get(0)
                        .get("price_version"))
                .isEqualTo("default-gpu-amd-v1");
        assertThat(chargesOf(ws, w2)).containsEntry("other//gpu:amd.com/gpu", 50_000L);
        assertThat(db.query(
                                "SELECT price_version FROM charges WHERE workspace_id = ? AND window_start = ?"
                                        + " AND resource = 'gpu:amd.com/gpu'",
                                ws,
                                w2)
                        .get(0)
                        .get("price_version"))
                .isEqualTo(version);
        // Versions are immutable in the database too.
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> db.update("UPDATE price_versions SET price_micros = 1 WHERE id = 'default-gpu-amd-v1'"))
                .hasMessageContaining("immutable");
    }

    @Test
    void anOpsSuspensionStopsEveryChargeIncludingStorageAndPortsUntilAccountsLiftsIt() {
        String owner = UUID.randomUUID().toString();
        String ws = newWorkspace(owner);
        String ns = cluster.workspaceNamespace(ws);
        cluster.runningPod(ns, "api", Cluster.none(), Map.of("cpu", "1"));
        cluster.boundClaim(ns, "data", Cluster.none(), "1Gi");
        cluster.service(ns, "ssh", Cluster.none(), "NodePort", 1);
        awaitInventory(ws, 3);
        Map<String, Long> everything = Map.of("other//cpu", 1000L, "other//storage", 1024L, "other//nodeport", 1L);

        Instant w0 = clock.nextWindowStart(WINDOW);
        assertThat(sampleAt(ws, w0)).isEqualTo(everything);

        // An operator suspends it (accounts publishes the whole state on the real broker): nothing is sampled, not
        // even the claim and the port that stay in the namespace.
        Instant suspendedAt = Instant.now();
        awaitApplied(accounts.suspension(ws, true, List.of("ops"), suspendedAt));
        assertThat(sampleAt(ws, w0.plus(Duration.ofMinutes(1)))).isEmpty();

        // An older state delivered late does not lift it: the newest changedAt wins.
        awaitApplied(accounts.suspension(ws, false, List.of(), suspendedAt.minusSeconds(60)));
        assertThat(db.query("SELECT suspended, reasons FROM workspace_suspensions WHERE workspace_id = ?", ws))
                .singleElement()
                .satisfies(r -> assertThat(r).containsEntry("suspended", true).containsEntry("reasons", "ops"));
        assertThat(sampleAt(ws, w0.plus(Duration.ofMinutes(2)))).isEmpty();

        // Accounts lifts it: everything costs again from the next sample on.
        awaitApplied(accounts.suspension(ws, false, List.of(), suspendedAt.plusSeconds(1)));
        assertThat(sampleAt(ws, w0.plus(Duration.ofMinutes(3)))).isEqualTo(everything);

        // Once a workspace has a suspension state, that state alone decides (accounts announces a debt suspension
        // there too, as reason "debt"): the owner's debt-state event no longer suspends it on its own.
        awaitApplied(accounts.debtState(owner, "debt"));
        assertThat(sampleAt(ws, w0.plus(Duration.ofMinutes(4)))).isEqualTo(everything);

        // The window charges the three billable minutes only.
        clock.set(w0.plus(WINDOW).plus(GRACE));
        rater.settleDue();
        assertThat(chargesOf(ws, w0))
                .isEqualTo(Map.of(
                        "other//cpu", 2500L, // 3000 millicore-minutes × 50000/60000
                        "other//storage", 100L, // 3072 MiB-minutes × 2000/61440
                        "other//nodeport", 500L)); // 3 port-minutes × 10000/60
    }

    @Test
    void twoReplicasSamplingAndSettlingTheSameWindowsAtOnceChargeEachWindowOnce() throws Exception {
        String ws = newWorkspace(UUID.randomUUID().toString());
        String ns = cluster.workspaceNamespace(ws);
        cluster.runningPod(ns, "worker", Cluster.none(), Map.of("cpu", "1"));
        awaitInventory(ws, 1);

        int windows = 12;
        Instant w0 = clock.nextWindowStart(WINDOW);
        // Both replicas sample every instant at the same moment: each sample is recorded once.
        for (int minute = 0; minute < windows * 5; minute++) {
            Instant at = w0.plus(Duration.ofMinutes(minute));
            clock.set(at);
            race(() -> onVertx(() -> sampler.sample(at)), () -> onVertx(() -> sampler.sample(at)));
        }
        assertThat(db.count("SELECT count(*) FROM usage_samples WHERE workspace_id = ?", ws))
                .isEqualTo(windows * 5L);

        // Both replicas' raters wake up together on the same backlog of twelve windows (two threads, two database
        // connections: what two pods do), interleaving window by window.
        clock.set(w0.plus(WINDOW.multipliedBy(windows)).plus(GRACE));
        race(rater::settleDue, rater::settleDue);

        for (int w = 0; w < windows; w++) {
            Instant start = w0.plus(WINDOW.multipliedBy(w));
            assertThat(db.count("SELECT count(*) FROM rating_windows WHERE window_start = ?", start))
                    .isEqualTo(1);
            assertThat(db.count("SELECT count(*) FROM charges WHERE workspace_id = ? AND window_start = ?", ws, start))
                    .isEqualTo(1);
            assertThat(chargesOf(ws, start)).isEqualTo(Map.of("other//cpu", 4167L));
        }
        // One charge.created per charge in the outbox, and the broker has one per charge id.
        assertThat(db.count("SELECT count(*) FROM outbox_event WHERE subject LIKE ?", "ch-" + ws + "-%"))
                .isEqualTo(windows);
        List<EventProbe.Received> events = awaitEvents(ws, windows);
        assertThat(events.stream().map(e -> e.header("ce_subject")).distinct()).hasSize(windows);
        assertThat(db.count("SELECT coalesce(sum(debit_micros), 0) FROM charges WHERE workspace_id = ?", ws))
                .isEqualTo(windows * 4167L);
    }

    /** Samples at {@code at} (moving the clock there) and returns the workspace's rows of that sample. */
    Map<String, Long> sampleAt(String ws, Instant at) {
        clock.set(at);
        onVertx(() -> sampler.sample(at));
        return samplesAt(ws, at);
    }

    /** Waits until metering's inbox has applied the accounts event with this id. */
    void awaitApplied(String eventId) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> db.count("SELECT count(*) FROM inbox_message WHERE event_id = ?", eventId) == 1);
    }

    /** Runs both at the same instant on two threads and waits for both (rethrowing what either threw). */
    static void race(Runnable first, Runnable second) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            List<java.util.concurrent.Future<?>> done = List.of(first, second).stream()
                    .<java.util.concurrent.Future<?>>map(task -> pool.submit(() -> {
                        start.await();
                        task.run();
                        return null;
                    }))
                    .toList();
            for (java.util.concurrent.Future<?> f : done) {
                f.get(5, java.util.concurrent.TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Inject
    io.sealcloud.metering.service.PriceService priceServiceBean;

    io.sealcloud.metering.service.PriceService priceService() {
        return priceServiceBean;
    }

    List<EventProbe.Received> awaitEvents(String ws, int count) {
        return await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> charges.all(ws, MeteringEvents.CHARGE_CREATED.type()), list -> list.size() >= count);
    }

    /** A text field of an event's JSON data, or null when it is absent or null. */
    static String field(String json, String name) {
        try {
            com.fasterxml.jackson.databind.JsonNode value = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(json)
                    .get(name);
            return value == null || value.isNull() ? null : value.asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static long debitOf(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(json)
                    .get("debitMicros")
                    .asLong();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
