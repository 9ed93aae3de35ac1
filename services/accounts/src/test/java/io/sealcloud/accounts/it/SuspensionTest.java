package io.sealcloud.accounts.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import io.sealcloud.accounts.operator.model.WorkloadSuspension;
import io.sealcloud.accounts.service.WorkspaceSuspensionService;
import io.sealcloud.contracts.accounts.AccountsEvents;
import io.sealcloud.testkit.EventProbe;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Suspension end to end on the real control plane: reasons committed in a transaction reach the Workspace spec
 * through the sync, the controller scales Deployments and StatefulSets to 0 (their pods, run by the kubelet stand-in,
 * stop), suspends CronJobs and Jobs and zeroes the quota, and lifting the last reason restores every spec exactly and
 * the pods run again.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "accounts")
@WithKeycloak
@WithControlPlane(serviceAccount = "accounts")
class SuspensionTest {

    @Inject
    WorkspaceSuspensionService suspensions;

    @Inject
    io.sealcloud.accounts.service.AuditLog audit;

    @Test
    void suspendsEveryWorkloadAndRestoresItExactlyWhenTheLastReasonIsLifted() throws Throwable {
        TestUser erin = KeycloakTestResource.realm().createUniqueUser("erin");
        String id = Api.me(erin.token()).statusCode(200).extract().path("personalWorkspaceId");
        KubernetesClient client = Cluster.admin();
        String ns = "ns-" + id;
        awaitWorkspace(client, id, Workspace::isReady);
        awaitDefaultServiceAccount(client, ns);

        Deployment web = Workloads.deployment(ns, "web", 3);
        Deployment worker = Workloads.deployment(ns, "worker", null);
        StatefulSet db = Workloads.statefulSet(ns, "db", 2);
        Workloads.create(client, web);
        Workloads.create(client, worker);
        Workloads.create(client, db);
        Workloads.create(client, Workloads.cronJob(ns, "nightly", false));
        Workloads.create(client, Workloads.cronJob(ns, "paused", true));
        Workloads.create(client, Workloads.longJob(ns, "migrate"));
        Workloads.create(client, Workloads.barePod(ns, "scratch"));
        Workloads.create(client, Workloads.ownedPod(client, ns, "held"));
        // The controllers make the pods and the kubelet stand-in runs them.
        Workloads.awaitReady(client, web, 3);
        Workloads.awaitReady(client, worker, 1);
        Workloads.awaitReady(client, db, 2);
        await().atMost(Duration.ofSeconds(60)).until(() -> Workloads.runningPods(client, ns, "migrate") == 1);
        Deployment webBefore = deployment(client, ns, "web");
        Deployment workerBefore = deployment(client, ns, "worker");
        StatefulSet dbBefore =
                client.apps().statefulSets().inNamespace(ns).withName("db").get();
        CronJob nightlyBefore = cronJob(client, ns, "nightly");
        CronJob pausedBefore = cronJob(client, ns, "paused");
        Job migrateBefore =
                client.batch().v1().jobs().inNamespace(ns).withName("migrate").get();
        boolean jobSuspension = Workloads.jobSuspension(client);

        EventProbe events = new EventProbe(AccountsEvents.TOPIC);
        inTransaction(() -> suspensions.suspend(id, WorkspaceSuspensionService.REASON_DEBT));
        inTransaction(() -> suspensions.suspend(id, WorkspaceSuspensionService.REASON_DEBT)); // no change: no event

        Workspace suspended = awaitWorkspace(
                client, id, w -> w.getSpec().suspensionRequested() && w.isReady() && suspendedCondition(w));
        assertThat(suspended.getSpec().getSuspensionReasons()).containsExactly("debt");
        assertThat(deployment(client, ns, "web").getSpec().getReplicas()).isZero();
        assertThat(deployment(client, ns, "web").getMetadata().getAnnotations())
                .containsEntry(WorkloadSuspension.SAVED_REPLICAS, "3");
        assertThat(deployment(client, ns, "worker").getSpec().getReplicas()).isZero();
        assertThat(deployment(client, ns, "worker").getMetadata().getAnnotations())
                .as("the API server defaulted the unset replicas to 1: that is what is saved")
                .containsEntry(WorkloadSuspension.SAVED_REPLICAS, "1");
        assertThat(client.apps()
                        .statefulSets()
                        .inNamespace(ns)
                        .withName("db")
                        .get()
                        .getSpec()
                        .getReplicas())
                .isZero();
        assertThat(cronJob(client, ns, "nightly").getSpec().getSuspend()).isTrue();
        assertThat(cronJob(client, ns, "paused").getMetadata().getAnnotations())
                .containsEntry(WorkloadSuspension.SAVED_SUSPEND, "true");
        Job migrate =
                client.batch().v1().jobs().inNamespace(ns).withName("migrate").get();
        if (jobSuspension) {
            assertThat(migrate.getSpec().getSuspend()).isTrue();
            assertThat(migrate.getMetadata().getAnnotations()).containsEntry(WorkloadSuspension.SAVED_SUSPEND, "unset");
        } else {
            // Kubernetes before 1.22 drops Job spec.suspend: parallelism 0 stops the pods instead.
            assertThat(migrate.getSpec().getParallelism()).isZero();
            assertThat(migrate.getMetadata().getAnnotations()).containsEntry(WorkloadSuspension.SAVED_PARALLELISM, "1");
        }
        // Nothing runs any more: the real controllers stopped every pod, the stand-in finished their deletion.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> List.of("web", "worker", "db", "migrate").stream()
                        .allMatch(app -> Workloads.runningPods(client, ns, app) == 0));
        assertThat(client.pods().inNamespace(ns).withName("scratch").get())
                .as("a bare pod is deleted")
                .satisfiesAnyOf(
                        pod -> assertThat(pod).isNull(),
                        pod -> assertThat(pod.getMetadata().getDeletionTimestamp())
                                .isNotNull());
        assertThat(client.pods().inNamespace(ns).withName("held").get())
                .as("a pod its controller owns is left to its controller")
                .satisfies(pod ->
                        assertThat(pod.getMetadata().getDeletionTimestamp()).isNull());
        assertThat(client.resources(ResourceQuota.class)
                        .inNamespace(ns)
                        .withName("workspace-quota")
                        .get()
                        .getSpec()
                        .getHard())
                .allSatisfy((name, value) -> assertThat(value).isEqualTo(new Quantity("0")));

        // A second reason, then the first lifted: still suspended (a recharge never resumes what ops suspended).
        inTransaction(() -> suspensions.suspend(id, WorkspaceSuspensionService.REASON_OPS));
        inTransaction(() -> suspensions.lift(id, WorkspaceSuspensionService.REASON_DEBT));
        Workspace stillSuspended = awaitWorkspace(
                client,
                id,
                w -> List.of("ops").equals(w.getSpec().getSuspensionReasons()) && w.isReady() && suspendedCondition(w));
        assertThat(stillSuspended.getSpec().suspensionRequested()).isTrue();
        assertThat(deployment(client, ns, "web").getSpec().getReplicas()).isZero();
        assertThat(deployment(client, ns, "web").getMetadata().getAnnotations())
                .as("the saved original survives reconciles while suspended")
                .containsEntry(WorkloadSuspension.SAVED_REPLICAS, "3");

        inTransaction(() -> suspensions.lift(id, WorkspaceSuspensionService.REASON_OPS));
        inTransaction(() -> suspensions.lift(id, WorkspaceSuspensionService.REASON_OPS)); // no change: no event

        // On the real broker: one whole-state event per change, in order, keyed by the workspace.
        String type = AccountsEvents.WORKSPACE_SUSPENSION_CHANGED.type();
        try (events) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> events.all(id, type).size() >= 4);
            assertThat(events.all(id, type).stream().map(SuspensionTest::suspensionState))
                    .containsExactly("true [debt]", "true [debt, ops]", "true [ops]", "false []");
            EventProbe.Received last = events.all(id, type).get(3);
            assertThat(JsonPath.from(last.value()).getString("namespace")).isEqualTo(ns);
            assertThat(last.header("ce_subject")).isEqualTo(id);
        }

        awaitWorkspace(client, id, w -> !w.getSpec().suspensionRequested() && w.isReady());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !WorkloadSuspension.isSuspended(deployment(client, ns, "web"))
                        && !WorkloadSuspension.isSuspended(cronJob(client, ns, "paused"))
                        && !WorkloadSuspension.isSuspended(client.batch()
                                .v1()
                                .jobs()
                                .inNamespace(ns)
                                .withName("migrate")
                                .get()));

        assertThat(deployment(client, ns, "web").getSpec()).isEqualTo(webBefore.getSpec());
        assertThat(deployment(client, ns, "web").getMetadata().getAnnotations())
                .isEqualTo(webBefore.getMetadata().getAnnotations());
        assertThat(deployment(client, ns, "worker").getSpec()).isEqualTo(workerBefore.getSpec());
        assertThat(client.apps()
                        .statefulSets()
                        .inNamespace(ns)
                        .withName("db")
                        .get()
                        .getSpec())
                .isEqualTo(dbBefore.getSpec());
        assertThat(cronJob(client, ns, "nightly").getSpec()).isEqualTo(nightlyBefore.getSpec());
        assertThat(cronJob(client, ns, "paused").getSpec()).isEqualTo(pausedBefore.getSpec());
        assertThat(client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(ns)
                        .withName("migrate")
                        .get()
                        .getSpec())
                .isEqualTo(migrateBefore.getSpec());
        assertThat(client.pods().inNamespace(ns).withName("scratch").get())
                .as("a deleted bare pod cannot be restored")
                .isNull();
        assertThat(client.resources(ResourceQuota.class)
                        .inNamespace(ns)
                        .withName("workspace-quota")
                        .get()
                        .getSpec()
                        .getHard())
                .containsEntry("pods", new Quantity("100"));
        // And everything runs again: the controllers recreate the pods, the stand-in runs them.
        Workloads.awaitReady(client, web, 3);
        Workloads.awaitReady(client, worker, 1);
        Workloads.awaitReady(client, db, 2);
        await().atMost(Duration.ofSeconds(60)).until(() -> Workloads.runningPods(client, ns, "migrate") == 1);
        // The Job would keep making pods for minutes: stop it.
        client.batch().v1().jobs().inNamespace(ns).withName("migrate").delete();
    }

    @Test
    void refusesToRunOutsideTheCallersTransaction() {
        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(
                        () -> Panache.withSession(() -> suspensions.suspend("k3x9q2m7ab", "debt"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("transaction");
    }

    @Test
    void theAuditLogRefusesUpdatesAndDeletes() throws Throwable {
        // Row triggers fire only for rows that exist: write one first.
        inTransaction(() -> audit.record("test", "test.recorded", null, null, java.util.Map.of("n", 1)));
        for (String statement :
                List.of("UPDATE audit_log SET action = 'rewritten'", "DELETE FROM audit_log", "TRUNCATE audit_log")) {
            assertThatThrownBy(() -> inTransaction(() -> Panache.getSession()
                            .chain(session ->
                                    session.createNativeQuery(statement).executeUpdate())
                            .replaceWithVoid()))
                    .as(statement)
                    .hasStackTraceContaining("append-only");
        }
    }

    @Test
    void rejectsAMalformedReason() {
        assertThatThrownBy(() -> suspensions.suspend("k3x9q2m7ab", "Not A Reason"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** "suspended [reasons]" of a suspension-changed record. */
    static String suspensionState(EventProbe.Received event) {
        JsonPath data = JsonPath.from(event.value());
        return data.getBoolean("suspended") + " " + data.getList("reasons");
    }

    private void inTransaction(Supplier<Uni<Void>> work) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(work));
    }

    private static boolean suspendedCondition(Workspace w) {
        return w.condition("Suspended")
                .filter(c -> "True".equals(c.getStatus()))
                .isPresent();
    }

    static Workspace awaitWorkspace(KubernetesClient client, String id, Predicate<Workspace> condition) {
        return await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> client.resources(Workspace.class).withName(id).get(),
                        w -> w != null
                                && w.getStatus() != null
                                && w.getMetadata()
                                        .getGeneration()
                                        .equals(w.getStatus().getObservedGeneration())
                                && condition.test(w));
    }

    static Deployment deployment(KubernetesClient client, String ns, String name) {
        return client.apps().deployments().inNamespace(ns).withName(name).get();
    }

    static CronJob cronJob(KubernetesClient client, String ns, String name) {
        return Workloads.cronJob(client, ns, name);
    }

    /** The ServiceAccount admission plugin refuses pods until the controller manager made "default". */
    static void awaitDefaultServiceAccount(KubernetesClient client, String ns) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.serviceAccounts()
                                .inNamespace(ns)
                                .withName("default")
                                .get()
                        != null);
    }
}
