package io.sealcloud.clusters.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.sealcloud.clusters.operator.crd.v1alpha1.KubeCluster;
import io.sealcloud.contracts.clusters.ClustersEvents;
import io.sealcloud.platform.events.EventJson;
import io.sealcloud.testkit.ControlPlaneTestResource;
import io.sealcloud.testkit.EventProbe;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cluster's life end to end on the real infrastructure: Kafka, PostgreSQL, Keycloak and a real Kubernetes control
 * plane (API server, controller manager with garbage collection, the kubelet stand-in running pods), the service
 * acting as its deploy/base/clusters ServiceAccount with exactly that RBAC. The workspace is learnt from accounts'
 * events on the broker. A {@code virtual} cluster's StatefulSet really runs (the controller manager makes its pod,
 * the kubelet stand-in makes it Ready); for {@code capi}, the engines' CRDs (src/test/resources/crds) are installed
 * and {@link CapiEngineStandIn} moves their status the way Cluster API and Kamaji do.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "clusters")
@WithKeycloak
@WithControlPlane(serviceAccount = "clusters", crds = "target/classes/META-INF/fabric8,src/test/resources/crds")
class ClusterLifecycleTest {

    static final String MANAGEMENT = "sealcloud-clusters";
    static final Duration WAIT = Duration.ofSeconds(90);
    static final EventProbe EVENTS = new EventProbe(ClustersEvents.TOPIC);

    static KubernetesClient admin;
    static CapiEngineStandIn engines;

    @BeforeAll
    static void startEngines() {
        admin = ControlPlaneTestResource.adminClient();
        admin.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(MANAGEMENT)
                        .endMetadata()
                        .build())
                .serverSideApply();
        engines = new CapiEngineStandIn(ControlPlaneTestResource.adminClient(), MANAGEMENT);
    }

    @AfterAll
    static void stopEngines() {
        engines.close();
        admin.close();
        EVENTS.close();
    }

    /** A workspace owned by a fresh user, known to the clusters service, with its namespace (accounts makes it). */
    record Tenant(String id, TestUser owner) {
        String ns() {
            return "ns-" + id;
        }

        String clusters() {
            return "/api/clusters/v1/workspaces/" + id + "/clusters";
        }
    }

    static Tenant tenant() {
        TestUser owner = KeycloakTestResource.realm().createUniqueUser("owner");
        String id = Tenants.newWorkspaceId();
        admin.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("ns-" + id)
                        .endMetadata()
                        .build())
                .serverSideApply();
        Tenants.workspaceCreated(id, owner.id());
        Tenant tenant = new Tenant(id, owner);
        await().atMost(WAIT).until(() -> as(owner).get(tenant.clusters()).statusCode() == 200);
        return tenant;
    }

    static TestUser member(Tenant t, String role) {
        TestUser user = KeycloakTestResource.realm().createUniqueUser(role);
        Tenants.memberAdded(t.id(), user.id(), role);
        await().atMost(WAIT).until(() -> as(user).get(t.clusters()).statusCode() == 200);
        return user;
    }

    static RequestSpecification as(TestUser user) {
        return given().auth().oauth2(user.token()).accept(ContentType.JSON);
    }

    static Map<String, Object> virtual(String name, String version) {
        return Map.of("name", name, "provider", "virtual", "kubernetesVersion", version, "nodePools", List.of());
    }

    static Map<String, Object> capi(String name, String version, int workers) {
        return Map.of(
                "name",
                name,
                "provider",
                "capi",
                "kubernetesVersion",
                version,
                "nodePools",
                List.of(Map.of("name", "workers", "flavor", "standard-2", "replicas", workers)));
    }

    static JsonPath awaitCluster(Tenant t, String name, String phase) {
        return await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> as(t.owner())
                                .get(t.clusters() + "/" + name)
                                .then()
                                .extract()
                                .jsonPath(),
                        json -> phase.equals(json.getString("phase")));
    }

    static void patch(Tenant t, String name, Map<String, Object> body, int status) {
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(body)
                .patch(t.clusters() + "/" + name)
                .then()
                .statusCode(status);
    }

    static JsonNode data(EventProbe.Received event) {
        return EventJson.read(event.value().getBytes(StandardCharsets.UTF_8));
    }

    static List<GenericKubernetesResource> engineObjects(String apiVersion, String kind, Tenant t) {
        return admin.genericKubernetesResources(apiVersion, kind)
                .inNamespace(MANAGEMENT)
                .withLabel("sealcloud.io/workspace", t.id())
                .list()
                .getItems();
    }

    @Test
    void aVirtualClusterRunsItsControlPlaneInTheWorkspaceBecomesReadyHibernatesWakesAndUpgrades() {
        Tenant t = tenant();
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(virtual("dev", "1.30.8"))
                .post(t.clusters())
                .then()
                .statusCode(201)
                .body("phase", equalTo("Provisioning"))
                .body("nextVersion", equalTo("1.31.4"));

        JsonPath ready = awaitCluster(t, "dev", "Ready");
        assertThat(ready.getBoolean("ready")).isTrue();
        assertThat(ready.getString("observedVersion")).isEqualTo("1.30.8");
        assertThat(ready.getString("endpoint")).isEqualTo("https://dev." + t.ns() + ".svc:443");
        assertThat(ready.getList("conditions.type")).contains("Ready", "Progressing", "Degraded", "ControlPlaneReady");
        StatefulSet sts =
                admin.apps().statefulSets().inNamespace(t.ns()).withName("dev").get();
        assertThat(sts.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("KubeCluster");
        assertThat(sts.getMetadata().getManagedFields())
                .anySatisfy(f -> assertThat(f.getManager()).isEqualTo("sealcloud-clusters"));
        KubeCluster kc = admin.resources(KubeCluster.class)
                .inNamespace(t.ns())
                .withName("dev")
                .get();
        assertThat(kc.getStatus().getObservedGeneration())
                .isEqualTo(kc.getMetadata().getGeneration());
        assertThat(kc.getMetadata().getFinalizers()).contains(KubeCluster.FINALIZER);
        EVENTS.awaitEvent(t.id(), ClustersEvents.CLUSTER_PROVISIONING.type());
        assertThat(data(EVENTS.awaitEvent(t.id(), ClustersEvents.CLUSTER_READY.type()))
                        .path("kubernetesVersion")
                        .asText())
                .isEqualTo("1.30.8");

        patch(t, "dev", Map.of("hibernated", true), 200);
        awaitCluster(t, "dev", "Hibernated");
        assertThat(admin.apps()
                        .statefulSets()
                        .inNamespace(t.ns())
                        .withName("dev")
                        .get()
                        .getSpec()
                        .getReplicas())
                .isZero();
        assertThat(admin.pods()
                        .inNamespace(t.ns())
                        .withLabel("release", "dev")
                        .list()
                        .getItems())
                .isEmpty();
        assertThat(data(EVENTS.awaitEvent(t.id(), ClustersEvents.CLUSTER_HIBERNATED.type()))
                        .path("cause")
                        .asText())
                .isEqualTo("user");

        patch(t, "dev", Map.of("hibernated", false), 200);
        awaitCluster(t, "dev", "Ready");
        await().atMost(WAIT)
                .until(() ->
                        EVENTS.all(t.id(), ClustersEvents.CLUSTER_READY.type()).size() == 2);

        patch(t, "dev", Map.of("kubernetesVersion", "1.31.4"), 200);
        await().atMost(WAIT)
                .until(
                        () -> as(t.owner())
                                .get(t.clusters() + "/dev")
                                .jsonPath()
                                .getString("observedVersion"),
                        "1.31.4"::equals);
        assertThat(admin.apps()
                        .statefulSets()
                        .inNamespace(t.ns())
                        .withName("dev")
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations())
                .containsEntry("clusters.sealcloud.io/kubernetes-version", "1.31.4");
        EVENTS.awaitEvent(t.id(), ClustersEvents.CLUSTER_UPGRADED.type());
    }

    @Test
    void aSkippedMinorVersionIsRefusedWithTheAllowedNextVersionAndChangesNothing() {
        Tenant t = tenant();
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(virtual("skip", "1.30.8"))
                .post(t.clusters())
                .then()
                .statusCode(201);

        as(t.owner())
                .contentType(ContentType.JSON)
                .body(Map.of("kubernetesVersion", "1.32.1"))
                .patch(t.clusters() + "/skip")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://sealcloud.io/problems/version-skip"))
                .body("detail", containsString("go to 1.31.4 first"))
                .body("errors[0].pointer", equalTo("/kubernetesVersion"));

        JsonPath after = as(t.owner()).get(t.clusters() + "/skip").jsonPath();
        assertThat(after.getString("kubernetesVersion")).isEqualTo("1.30.8");
        assertThat(after.getLong("generation")).isEqualTo(1);
        assertThat(admin.resources(KubeCluster.class)
                        .inNamespace(t.ns())
                        .withName("skip")
                        .get()
                        .getSpec()
                        .getKubernetesVersion())
                .isEqualTo("1.30.8");
    }

    @Test
    void aDedicatedClusterIsProvisionedScaledUpgradedAndDeletedOnlyOnceItsMachinesAreGone() {
        Tenant t = tenant();
        as(t.owner())
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "create-prod-" + t.id())
                .body(capi("prod", "1.31.4", 2))
                .post(t.clusters())
                .then()
                .statusCode(201);
        JsonPath ready = awaitCluster(t, "prod", "Ready");
        assertThat(ready.getString("endpoint")).isEqualTo("https://" + t.id() + "-prod." + MANAGEMENT + ".svc:6443");
        assertThat(ready.getList("conditions.type"))
                .contains("InfrastructureReady", "ControlPlaneReady", "WorkersReady");
        assertThat(engineObjects(CapiEngineStandIn.CAPI, "Cluster", t)).hasSize(1);
        assertThat(engineObjects("controlplane.cluster.x-k8s.io/v1alpha1", "KamajiControlPlane", t))
                .hasSize(1);
        assertThat(engineObjects(CapiEngineStandIn.CAPI, "MachineDeployment", t))
                .hasSize(1);
        assertThat(machines(t)).hasSize(2);
        // A retry with the same key replays the first answer instead of creating again.
        as(t.owner())
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "create-prod-" + t.id())
                .body(capi("prod", "1.31.4", 2))
                .post(t.clusters())
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true");

        patch(t, "prod", Map.of("nodePool", Map.of("name", "workers", "replicas", 3)), 200);
        await().atMost(WAIT).until(() -> machines(t).size() == 3);
        awaitCluster(t, "prod", "Ready");
        JsonNode scaled = data(EVENTS.awaitEvent(t.id(), ClustersEvents.CLUSTER_SCALED.type()));
        assertThat(scaled.path("fromReplicas").asInt()).isEqualTo(2);
        assertThat(scaled.path("toReplicas").asInt()).isEqualTo(3);

        patch(t, "prod", Map.of("kubernetesVersion", "1.32.1"), 200);
        await().atMost(WAIT)
                .until(
                        () -> as(t.owner())
                                .get(t.clusters() + "/prod")
                                .jsonPath()
                                .getString("observedVersion"),
                        "1.32.1"::equals);
        awaitCluster(t, "prod", "Ready");
        assertThat(engineObjects("infrastructure.cluster.x-k8s.io/v1alpha1", "KubevirtMachineTemplate", t))
                .extracting(o -> o.getMetadata().getName())
                .containsExactly(t.id() + "-prod-workers-v1-32-1");
        EVENTS.awaitEvent(t.id(), ClustersEvents.CLUSTER_UPGRADED.type());

        as(t.owner()).delete(t.clusters() + "/prod").then().statusCode(202).body("phase", equalTo("Deleting"));
        await().atMost(WAIT)
                .until(() -> as(t.owner()).get(t.clusters() + "/prod").statusCode() == 404);
        assertThat(machines(t)).isEmpty();
        for (String[] kind : new String[][] {
            {CapiEngineStandIn.CAPI, "Cluster"},
            {CapiEngineStandIn.CAPI, "MachineDeployment"},
            {"controlplane.cluster.x-k8s.io/v1alpha1", "KamajiControlPlane"},
            {"infrastructure.cluster.x-k8s.io/v1alpha1", "KubevirtCluster"},
            {"infrastructure.cluster.x-k8s.io/v1alpha1", "KubevirtMachineTemplate"},
            {"bootstrap.cluster.x-k8s.io/v1beta1", "KubeadmConfigTemplate"}
        }) {
            await().atMost(WAIT).until(() -> engineObjects(kind[0], kind[1], t).isEmpty());
        }
        await().atMost(WAIT)
                .until(() -> admin.resources(KubeCluster.class)
                                .inNamespace(t.ns())
                                .withName("prod")
                                .get()
                        == null);
        assertThat(data(EVENTS.awaitEvent(t.id(), ClustersEvents.CLUSTER_DELETED.type()))
                        .path("requestedBy")
                        .asText())
                .isEqualTo(t.owner().id());
    }

    @Test
    void aVirtualClusterIsDeletedWithItsControlPlanePodsAndVolume() {
        Tenant t = tenant();
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(virtual("gone", "1.31.4"))
                .post(t.clusters())
                .then()
                .statusCode(201);
        awaitCluster(t, "gone", "Ready");
        assertThat(admin.persistentVolumeClaims()
                        .inNamespace(t.ns())
                        .withLabel("release", "gone")
                        .list()
                        .getItems())
                .isNotEmpty();

        as(t.owner()).delete(t.clusters() + "/gone").then().statusCode(202);

        await().atMost(WAIT)
                .until(() -> as(t.owner()).get(t.clusters() + "/gone").statusCode() == 404);
        assertThat(admin.apps()
                        .statefulSets()
                        .inNamespace(t.ns())
                        .withName("gone")
                        .get())
                .isNull();
        assertThat(admin.pods()
                        .inNamespace(t.ns())
                        .withLabel("release", "gone")
                        .list()
                        .getItems())
                .isEmpty();
        assertThat(admin.persistentVolumeClaims()
                        .inNamespace(t.ns())
                        .withLabel("release", "gone")
                        .list()
                        .getItems())
                .isEmpty();
        assertThat(admin.resources(KubeCluster.class)
                        .inNamespace(t.ns())
                        .withName("gone")
                        .get())
                .isNull();
        EVENTS.awaitEvent(t.id(), ClustersEvents.CLUSTER_DELETED.type());
    }

    @Test
    void aDeveloperReadsButMayNotCreateChangeOrDelete() {
        Tenant t = tenant();
        TestUser developer = member(t, "developer");
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(virtual("mine", "1.31.4"))
                .post(t.clusters())
                .then()
                .statusCode(201);

        as(developer).get(t.clusters() + "/mine").then().statusCode(200);
        as(developer)
                .contentType(ContentType.JSON)
                .body(virtual("theirs", "1.31.4"))
                .post(t.clusters())
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://sealcloud.io/problems/forbidden"));
        as(developer)
                .contentType(ContentType.JSON)
                .body(Map.of("hibernated", true))
                .patch(t.clusters() + "/mine")
                .then()
                .statusCode(403);
        as(developer).delete(t.clusters() + "/mine").then().statusCode(403);
        as(t.owner()).get(t.clusters()).then().body("total", equalTo(1));
        TestUser manager = member(t, "manager");
        as(manager)
                .contentType(ContentType.JSON)
                .body(Map.of("hibernated", true))
                .patch(t.clusters() + "/mine")
                .then()
                .statusCode(200);
    }

    @Test
    void anotherWorkspacesMemberGetsNotFoundForEverything() {
        Tenant t = tenant();
        Tenant other = tenant();
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(virtual("secret", "1.31.4"))
                .post(t.clusters())
                .then()
                .statusCode(201);

        for (var response : List.of(
                as(other.owner()).get(t.clusters()),
                as(other.owner()).get(t.clusters() + "/secret"),
                as(other.owner()).delete(t.clusters() + "/secret"),
                as(other.owner())
                        .contentType(ContentType.JSON)
                        .body(Map.of("hibernated", true))
                        .patch(t.clusters() + "/secret"),
                as(other.owner())
                        .contentType(ContentType.JSON)
                        .body(virtual("x", "1.31.4"))
                        .post(t.clusters()))) {
            response.then().statusCode(404).contentType("application/problem+json");
        }
        as(t.owner()).get(t.clusters() + "/secret").then().statusCode(200).body("hibernated", equalTo(false));
    }

    @Test
    void badInputIsAProblemWithAPointerAndCreatesNothing() {
        Tenant t = tenant();
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "name", "bad",
                        "provider", "capi",
                        "kubernetesVersion", "1.31.4",
                        "nodePools", List.of(Map.of("name", "workers", "flavor", "gpu-huge", "replicas", 1))))
                .post(t.clusters())
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/nodePools/0/flavor"));
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Bad Name", "provider", "virtual", "kubernetesVersion", "1.31.4"))
                .post(t.clusters())
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/name"));
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(virtual("old", "1.28.0"))
                .post(t.clusters())
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/kubernetesVersion"));
        as(t.owner()).get(t.clusters()).then().statusCode(200).body("total", equalTo(0));
        assertThat(admin.resources(KubeCluster.class).inNamespace(t.ns()).list().getItems())
                .isEmpty();
    }

    @Test
    void clustersAndNodesPerWorkspaceAreLimited() {
        Tenant t = tenant();
        // The test profile allows 2 clusters and 8 nodes per workspace.
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(capi("big", "1.31.4", 9))
                .post(t.clusters())
                .then()
                .statusCode(422)
                .body("type", equalTo("https://sealcloud.io/problems/node-limit-exceeded"));
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(capi("a", "1.31.4", 6))
                .post(t.clusters())
                .then()
                .statusCode(201);
        patch(t, "a", Map.of("nodePool", Map.of("name", "workers", "replicas", 9)), 422);
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(virtual("b", "1.31.4"))
                .post(t.clusters())
                .then()
                .statusCode(201);
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(virtual("c", "1.31.4"))
                .post(t.clusters())
                .then()
                .statusCode(409)
                .body("type", equalTo("https://sealcloud.io/problems/cluster-limit-reached"));
        as(t.owner()).get(t.clusters()).then().body("total", equalTo(2));
    }

    @Test
    void aSuspendedWorkspacesClustersHibernateAndResumeWakesThemAsTheyWere() {
        Tenant t = tenant();
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(capi("work", "1.31.4", 2))
                .post(t.clusters())
                .then()
                .statusCode(201);
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(virtual("nap", "1.31.4"))
                .post(t.clusters())
                .then()
                .statusCode(201);
        awaitCluster(t, "work", "Ready");
        patch(t, "nap", Map.of("hibernated", true), 200);
        awaitCluster(t, "nap", "Hibernated");

        Tenants.suspension(t.id(), true, List.of("debt"), Instant.now());
        JsonPath asleep = awaitCluster(t, "work", "Hibernated");
        assertThat(asleep.getString("hibernationReason")).isEqualTo("suspension");
        await().atMost(WAIT).until(() -> machines(t).isEmpty());
        await().atMost(WAIT)
                .until(() -> EVENTS.all(t.id(), ClustersEvents.CLUSTER_HIBERNATED.type()).stream()
                        .anyMatch(e -> data(e).path("cause").asText().equals("suspension")));
        // Nothing new while suspended.
        patch(t, "work", Map.of("hibernated", false), 409);

        Tenants.suspension(t.id(), false, List.of(), Instant.now());
        JsonPath awake = awaitCluster(t, "work", "Ready");
        assertThat(awake.getInt("nodePools[0].replicas")).isEqualTo(2);
        assertThat(machines(t)).hasSize(2);
        // A cluster its user hibernated stays asleep.
        assertThat(as(t.owner()).get(t.clusters() + "/nap").jsonPath().getString("hibernationReason"))
                .isEqualTo("user");
    }

    @Test
    void aTenantCannotWriteTheEngineObjectsInTheManagementNamespace() {
        Tenant t = tenant();
        GenericKubernetesResource forged = new GenericKubernetesResource();
        forged.setApiVersion(CapiEngineStandIn.CAPI);
        forged.setKind("Cluster");
        forged.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName("forged-" + UUID.randomUUID().toString().substring(0, 6))
                .withNamespace(MANAGEMENT)
                .build());
        forged.setAdditionalProperty("spec", Map.of());
        try (KubernetesClient tenant =
                ControlPlaneTestResource.clientAs(t.owner().id(), "system:authenticated")) {
            assertThatThrownBy(() -> tenant.resource(forged).create())
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(403));
            assertThatThrownBy(() -> tenant.genericKubernetesResources(CapiEngineStandIn.CAPI, "Cluster")
                            .inNamespace(MANAGEMENT)
                            .list())
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(403));
        }
    }

    static List<GenericKubernetesResource> machines(Tenant t) {
        return admin
                .genericKubernetesResources(CapiEngineStandIn.CAPI, "Machine")
                .inNamespace(MANAGEMENT)
                .list()
                .getItems()
                .stream()
                .filter(m -> m.getMetadata().getLabels() != null
                        && m.getMetadata()
                                .getLabels()
                                .getOrDefault("cluster.x-k8s.io/cluster-name", "")
                                .startsWith(t.id() + "-"))
                .filter(m -> m.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }
}
