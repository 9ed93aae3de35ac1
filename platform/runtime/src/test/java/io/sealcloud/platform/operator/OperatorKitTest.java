package io.sealcloud.platform.operator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithPostgres;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The kit inside a Quarkus app: a declared Controller bean runs under the service's Lease against the mock API. */
@QuarkusTest
@WithKafka
@WithPostgres(database = "runtime")
@WithKubernetesTestServer
class OperatorKitTest {

    /** Hang guard for asynchronous reconciles and Lease renewals: never an assertion about speed. */
    private static final Duration GUARD = Duration.ofSeconds(60);

    private static final String NAMESPACE = "operator-kit";

    @Inject
    KubernetesClient client;

    @Inject
    LeaderElection election;

    @Inject
    Controller<Widget> controller;

    @Inject
    WidgetReconciler widgets;

    @Inject
    OperatorTestBeans.ReconcileProbe probe;

    @Inject
    Applier applier;

    @BeforeEach
    void installCrd() {
        if (client.resource(Widget.crd()).get() == null) {
            client.resource(Widget.crd()).create();
        }
    }

    @Test
    void holdsTheServicesLeaseAndRunsTheDeclaredController() {
        await().atMost(GUARD).until(() -> election.isLeader() && controller.hasSynced());
        Lease lease = lease();
        assertThat(election.leaseName()).isEqualTo("sealcloud-runtime-test");
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(election.identity());

        await().atMost(GUARD)
                .until(() ->
                        !lease().getSpec().getRenewTime().equals(lease.getSpec().getRenewTime()));
        assertThat(lease().getSpec().getHolderIdentity())
                .as("renewed, still ours")
                .isEqualTo(election.identity());
    }

    @Test
    void reconcilesAWidgetIntoItsChildAndReadyStatus() {
        client.resource(Widget.of(NAMESPACE, "paint", "red")).create();

        await().atMost(GUARD).until(() -> ready("paint"));

        assertThat(child("paint").getData()).containsEntry("color", "red");
        assertThat(child("paint").getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(ref -> assertThat(ref.getName()).isEqualTo("paint"));
        assertThat(applier.effectiveMode())
                .as("the mock API server has no server-side apply")
                .isEqualTo(ApplyMode.CLIENT_SIDE);
        assertThat(applier.fieldManager()).isEqualTo("sealcloud-runtime-test");
    }

    @Test
    void recreatesADeletedChildBecauseReconcileIsLevelTriggered() {
        client.resource(Widget.of(NAMESPACE, "phoenix", "orange")).create();
        await().atMost(GUARD).until(() -> ready("phoenix"));
        String firstUid = child("phoenix").getMetadata().getUid();

        client.configMaps().inNamespace(NAMESPACE).withName("phoenix-child").delete();

        await().atMost(GUARD).until(() -> {
            ConfigMap child = child("phoenix");
            return child != null && !child.getMetadata().getUid().equals(firstUid);
        });
        assertThat(child("phoenix").getData()).containsEntry("color", "orange");
    }

    @Test
    void writesNothingWhenAReconcileFindsNothingToDo() {
        client.resource(Widget.of(NAMESPACE, "steady", "green")).create();
        await().atMost(GUARD).until(() -> ready("steady"));
        String widgetVersion = widget("steady").getMetadata().getResourceVersion();
        String childVersion = child("steady").getMetadata().getResourceVersion();
        int before = widgets.reconciles.get();

        controller.enqueue(NAMESPACE + "/steady");

        await().atMost(GUARD).until(() -> widgets.reconciles.get() > before);
        assertThat(widget("steady").getMetadata().getResourceVersion()).isEqualTo(widgetVersion);
        assertThat(child("steady").getMetadata().getResourceVersion()).isEqualTo(childVersion);
    }

    @Test
    void reconcilesOnAControllerWorkerThatReachesTheDatabaseThroughTheVertxHop() {
        client.resource(Widget.of(NAMESPACE, "probe", "blue")).create();

        await().atMost(GUARD).until(() -> ready("probe"));

        assertThat(probe.thread.get()).startsWith("controller-widget-");
        assertThat(probe.databaseAnswer.get()).isEqualTo(1);
    }

    @Test
    void exposesReconcileMetricsToPrometheus() {
        client.resource(Widget.of(NAMESPACE, "metered", "black")).create();
        await().atMost(GUARD).until(() -> ready("metered"));

        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics)
                .contains("sealcloud_runtime_test_reconcile_duration_seconds_count{kind=\"Widget\",result=\"success\"}")
                .contains("sealcloud_runtime_test_reconcile_queue_wait_seconds_count{kind=\"Widget\"}")
                .contains("sealcloud_runtime_test_reconcile_queue_depth{kind=\"Widget\"}");
    }

    private boolean ready(String name) {
        Widget widget = widget(name);
        return widget != null
                && widget.getStatus() != null
                && Conditions.isTrue(widget.getStatus().getConditions(), Conditions.READY)
                && child(name) != null;
    }

    private Widget widget(String name) {
        return client.resources(Widget.class)
                .inNamespace(NAMESPACE)
                .withName(name)
                .get();
    }

    private ConfigMap child(String name) {
        return client.configMaps()
                .inNamespace(NAMESPACE)
                .withName(name + "-child")
                .get();
    }

    private Lease lease() {
        return client.leases()
                .inNamespace(election.leaseNamespace())
                .withName(election.leaseName())
                .get();
    }
}
