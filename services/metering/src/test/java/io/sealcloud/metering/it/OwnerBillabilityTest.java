package io.sealcloud.metering.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.sealcloud.metering.operator.LiveInventory;
import io.sealcloud.metering.service.Sampler;
import io.sealcloud.testkit.ControlPlaneTestResource;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 2, "billability follows the current owner": accounts' workspace.owner-changed on the real broker, the
 * projection through the real inbox, the decision in the real sampler.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "metering")
@WithKeycloak
@WithControlPlane(serviceAccount = "metering")
class OwnerBillabilityTest {

    static final Duration WINDOW = Duration.ofMinutes(5);

    static AccountsSimulator accounts;

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

    Cluster cluster;
    Db db;

    @BeforeAll
    static void connect() {
        accounts = new AccountsSimulator();
    }

    @AfterAll
    static void disconnect() {
        accounts.close();
    }

    @BeforeEach
    void setUp() {
        cluster = new Cluster(admin);
        db = new Db(dataSource);
    }

    @Test
    void aWorkspaceTransferredAwayFromItsCreatorIsBilledByItsNewOwnersDebtStateNotTheCreators() {
        String creator = "creator-" + UUID.randomUUID();
        String buyer = "buyer-" + UUID.randomUUID();
        String ws = Workspaces.newId();
        applied(accounts.workspaceCreated(ws, creator));
        String ns = cluster.workspaceNamespace(ws);
        cluster.runningPod(ns, "api", Cluster.none(), Map.of("cpu", "1"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> inventory.snapshot(ws).size() == 1);

        // The creator transfers the workspace; then the new owner's account falls into debt (no suspension event
        // for the workspace: the owner's debt state decides).
        applied(accounts.ownerChanged(ws, creator, buyer, Instant.now()));
        applied(accounts.debtState(buyer, "debt"));

        Instant t0 = clock.nextWindowStart(WINDOW);
        onVertx(() -> sampler.sample(t0));
        assertThat(samplesAt(ws, t0))
                .as("the new owner is in debt: nothing costs money")
                .isEmpty();

        // The new owner pays their debt; the creator falls into debt: the workspace is the new owner's, so it is
        // billed.
        applied(accounts.debtState(buyer, "normal"));
        applied(accounts.debtState(creator, "debt"));
        Instant t1 = t0.plus(Duration.ofMinutes(1));
        clock.set(t1);
        onVertx(() -> sampler.sample(t1));
        assertThat(samplesAt(ws, t1)).containsEntry("other//cpu", 1000L);
    }

    /** Waits until metering's inbox has processed the event (whatever its effect). */
    void applied(String eventId) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> db.count("SELECT count(*) FROM inbox_message WHERE event_id = ?", eventId) == 1);
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

    static <T> T onVertx(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
