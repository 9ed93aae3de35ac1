package io.sealcloud.appstore.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.sealcloud.appstore.operator.crd.v1alpha1.AppInstance;
import io.sealcloud.platform.events.EventJson;
import io.sealcloud.testkit.ControlPlaneTestResource;
import io.sealcloud.testkit.EventProbe;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.KubeletStandIn;
import io.sealcloud.testkit.TestUser;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The app lifecycle end to end against real Kafka, PostgreSQL, Keycloak and a real Kubernetes control plane: the app
 * runs as its {@code deploy/base/appstore} ServiceAccount (exactly that RBAC), objects are server-side applied, the
 * real controllers make ReplicaSets and pods, the kubelet stand-in runs them, quota admission charges them and the
 * garbage collector removes what their owners leave. The workspace is learnt from accounts' events published to Kafka;
 * its namespace is created here as accounts would.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "appstore")
@WithKeycloak
@WithControlPlane(serviceAccount = "appstore")
class AppLifecycleTest {

    static final String INSTANCE_LABEL = "sealcloud.io/app-instance";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final EventProbe EVENTS = new EventProbe("sealcloud.appstore.v1");

    static final KubernetesClient ADMIN = ControlPlaneTestResource.adminClient();

    @AfterAll
    static void closeProbe() {
        EVENTS.close();
    }

    /** A workspace owned by a fresh user, known to the app store (its events consumed), with its namespace. */
    record Tenant(String id, TestUser owner) {
        String ns() {
            return "ns-" + id;
        }

        String apps() {
            return "/api/appstore/v1/workspaces/" + id + "/apps";
        }
    }

    static Tenant tenant() {
        TestTemplates.ensureImported();
        TestUser owner = KeycloakTestResource.realm().createUniqueUser("owner");
        String id = Tenants.newWorkspaceId();
        namespace("ns-" + id, id);
        Tenants.workspaceCreated(id, owner.id());
        Tenant tenant = new Tenant(id, owner);
        await().atMost(WAIT).until(() -> as(owner).get(tenant.apps()).statusCode() == 200);
        return tenant;
    }

    /** The workspace namespace, as accounts provisions it; pods are admitted once its "default" account exists. */
    static void namespace(String name, String workspaceId) {
        ADMIN.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .addToLabels("sealcloud.io/workspace", workspaceId)
                        .endMetadata()
                        .build())
                .create();
        await().atMost(WAIT)
                .until(() -> ADMIN.serviceAccounts()
                                .inNamespace(name)
                                .withName("default")
                                .get()
                        != null);
    }

    static RequestSpecification as(TestUser user) {
        return given().auth().oauth2(user.token()).accept(ContentType.JSON);
    }

    static ValidatableResponse install(Tenant t, TestUser user, String name, Map<String, Object> inputs) {
        return install(t, as(user), name, inputs);
    }

    static ValidatableResponse install(
            Tenant t, RequestSpecification request, String name, Map<String, Object> inputs) {
        return request.contentType(ContentType.JSON)
                .body(Map.of("template", TestTemplates.NAME, "version", "1.0.0", "name", name, "inputs", inputs))
                .post(t.apps())
                .then();
    }

    static JsonNode json(EventProbe.Received event) {
        return EventJson.read(event.value().getBytes(StandardCharsets.UTF_8));
    }

    static KubernetesClient k8s() {
        return ADMIN;
    }

    List<HasMetadata> labelled(Tenant t, String instance) {
        List<HasMetadata> all = new ArrayList<>();
        for (Class<? extends HasMetadata> kind :
                List.of(Deployment.class, Service.class, PersistentVolumeClaim.class, Secret.class, ConfigMap.class)) {
            all.addAll(k8s().resources(kind)
                    .inNamespace(t.ns())
                    .withLabel(INSTANCE_LABEL, instance)
                    .list()
                    .getItems());
        }
        return all;
    }

    Deployment deployment(Tenant t, String instance) {
        return await().atMost(WAIT)
                .until(
                        () -> k8s().apps()
                                .deployments()
                                .inNamespace(t.ns())
                                .withLabel(INSTANCE_LABEL, instance)
                                .list()
                                .getItems(),
                        list -> list.size() == 1)
                .get(0);
    }

    static String condition(AppInstance app, String type) {
        return app.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .map(c -> c.getStatus())
                .findFirst()
                .orElse(null);
    }

    static void awaitReady(Tenant t, String instance, int revision) {
        awaitState(t, instance, "ready", revision);
    }

    static void awaitState(Tenant t, String instance, String state, int revision) {
        await().atMost(WAIT)
                .untilAsserted(() -> as(t.owner())
                        .get(t.apps() + "/" + instance)
                        .then()
                        .statusCode(200)
                        .body("state", equalTo(state))
                        .body("revision", equalTo(revision)));
    }

    @Test
    void anInstallAppliesLabelledOwnedObjectsThatBecomeReadyOnceTheirPodsRun() {
        Tenant t = tenant();
        // Every status the controller writes, in order (a watch misses none, unlike polling).
        List<AppInstance> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
        Watch watch = k8s().resources(AppInstance.class).inNamespace(t.ns()).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, AppInstance resource) {
                if (resource.getStatus() != null) {
                    statuses.add(resource);
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
        String key = UUID.randomUUID().toString();
        RequestSpecification request = as(t.owner())
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(Map.of(
                        "template",
                        TestTemplates.NAME,
                        "version",
                        "1.0.0",
                        "name",
                        "web",
                        "inputs",
                        Map.of("greeting", "hi")));
        request.post(t.apps())
                .then()
                .statusCode(201)
                .header("Location", containsString(t.apps() + "/web"))
                .body("state", equalTo("progressing"))
                .body("revision", equalTo(1))
                .body("inputs.greeting", equalTo("hi"))
                .body("inputs.storage", equalTo("1"));
        as(t.owner())
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(Map.of(
                        "template",
                        TestTemplates.NAME,
                        "version",
                        "1.0.0",
                        "name",
                        "web",
                        "inputs",
                        Map.of("greeting", "hi")))
                .post(t.apps())
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true");

        AppInstance app = await().atMost(WAIT)
                .until(
                        () -> k8s().resources(AppInstance.class)
                                .inNamespace(t.ns())
                                .withName("web")
                                .get(),
                        a -> a != null);
        await().atMost(WAIT).until(() -> labelled(t, "web").size() == 4);
        for (HasMetadata object : labelled(t, "web")) {
            assertThat(object.getMetadata().getNamespace()).isEqualTo(t.ns());
            assertThat(object.getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/managed-by", "sealcloud-appstore")
                    .containsEntry("sealcloud.io/workspace", t.id())
                    .containsEntry(INSTANCE_LABEL, "web");
            assertThat(object.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(ref -> {
                        assertThat(ref.getKind()).isEqualTo("AppInstance");
                        assertThat(ref.getUid()).isEqualTo(app.getMetadata().getUid());
                        assertThat(ref.getController()).isTrue();
                        assertThat(ref.getBlockOwnerDeletion()).isTrue();
                    });
        }
        Deployment d = deployment(t, "web");
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(INSTANCE_LABEL, "web");
        // Server-side applied with the service's field manager.
        for (HasMetadata object : labelled(t, "web")) {
            assertThat(object.getMetadata().getManagedFields()).anySatisfy(field -> {
                assertThat(field.getManager()).isEqualTo("sealcloud-appstore");
                assertThat(field.getOperation()).isEqualTo("Apply");
            });
        }

        // Nobody marks anything ready: the Deployment controller makes the pod and the kubelet stand-in runs it.
        awaitState(t, "web", "ready", 1);
        watch.close();
        assertThat(statuses).as("a status while the pods did not run yet").anySatisfy(seen -> {
            assertThat(condition(seen, "Progressing")).isEqualTo("True");
            assertThat(condition(seen, "Ready")).isEqualTo("False");
            assertThat(seen.getStatus().getObjects()).anySatisfy(o -> {
                assertThat(o.getKind()).isEqualTo("Deployment");
                assertThat(o.getReady()).isFalse();
            });
        });
        assertThat(k8s().pods()
                        .inNamespace(t.ns())
                        .withLabel(INSTANCE_LABEL, "web")
                        .list()
                        .getItems())
                .singleElement()
                .satisfies(pod -> {
                    assertThat(pod.getSpec().getNodeName()).isEqualTo(KubeletStandIn.NODE);
                    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
                });
        AppInstance ready = k8s().resources(AppInstance.class)
                .inNamespace(t.ns())
                .withName("web")
                .get();
        assertThat(ready.getStatus().getObservedGeneration())
                .isEqualTo(ready.getMetadata().getGeneration());
        as(t.owner())
                .get(t.apps() + "/web")
                .then()
                .body("conditions.find { it.type == 'Ready' }.status", equalTo("True"))
                .body("conditions.find { it.type == 'Ready' }.reason", equalTo("AllObjectsReady"))
                .body("observedRevision", equalTo(1))
                .body("objects.findAll { it.ready == false }.size()", equalTo(0));
        as(t.owner())
                .get(t.apps())
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].name", equalTo("web"));
        assertThat(json(EVENTS.awaitEvent(t.id(), "io.sealcloud.appstore.app.installed.v1"))
                        .get("instance")
                        .asText())
                .isEqualTo("web");
        assertThat(EVENTS.awaitEvent(t.id(), "io.sealcloud.appstore.app.ready.v1")
                        .header("ce_subject"))
                .isEqualTo("web");
    }

    @Test
    void anUpgradeIsPreviewedThenAppliedAndAManualRollbackRestoresTheRevision() {
        Tenant t = tenant();
        install(t, t.owner(), "blog", Map.of("greeting", "hi")).statusCode(201);
        awaitState(t, "blog", "ready", 1);
        String secretBefore = k8s().secrets()
                .inNamespace(t.ns())
                .withLabel(INSTANCE_LABEL, "blog")
                .list()
                .getItems()
                .get(0)
                .getMetadata()
                .getName();

        Map<String, Object> upgrade = Map.of("version", "1.1.0", "inputs", Map.of("greeting", "hello"));
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(upgrade)
                .post(t.apps() + "/blog/upgrade-previews")
                .then()
                .statusCode(200)
                .body("fromVersion", equalTo("1.0.0"))
                .body("toVersion", equalTo("1.1.0"))
                .body("changes", equalTo(true))
                .body("values", equalTo(List.of(Map.of("name", "greeting", "from", "hi", "to", "hello"))))
                .body("objects.find { it.kind == 'ConfigMap' }.change", equalTo("added"))
                .body(
                        "objects.find { it.kind == 'Deployment' }.fields.path",
                        hasItem("/spec/template/spec/containers/0/image"))
                .body("objects.find { it.kind == 'Secret' }", equalTo(null));
        // The preview applied nothing.
        assertThat(deployment(t, "blog")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("nginx:1.27");
        as(t.owner()).get(t.apps() + "/blog").then().body("revision", equalTo(1));

        String upgradeKey = UUID.randomUUID().toString();
        as(t.owner())
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", upgradeKey)
                .body(upgrade)
                .post(t.apps() + "/blog/upgrades")
                .then()
                .statusCode(200)
                .body("revision", equalTo(2))
                .body("version", equalTo("1.1.0"))
                .body("state", equalTo("progressing"));
        // A retry with the same key replays the answer instead of upgrading again.
        as(t.owner())
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", upgradeKey)
                .body(upgrade)
                .post(t.apps() + "/blog/upgrades")
                .then()
                .statusCode(200)
                .header("Idempotent-Replayed", "true")
                .body("revision", equalTo(2));
        await().atMost(WAIT)
                .until(() -> "nginx:1.28"
                        .equals(deployment(t, "blog")
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getImage()));
        await().atMost(WAIT)
                .until(() -> k8s().configMaps()
                                .inNamespace(t.ns())
                                .withLabel(INSTANCE_LABEL, "blog")
                                .list()
                                .getItems()
                                .size()
                        == 1);
        // Same seed: generated names (and passwords) survive the upgrade.
        assertThat(k8s().secrets().inNamespace(t.ns()).withName(secretBefore).get())
                .isNotNull();
        awaitState(t, "blog", "ready", 2);

        as(t.owner())
                .contentType(ContentType.JSON)
                .body(Map.of("revision", 1))
                .post(t.apps() + "/blog/rollbacks")
                .then()
                .statusCode(200)
                .body("revision", equalTo(3))
                .body("version", equalTo("1.0.0"));
        await().atMost(WAIT)
                .until(() -> "nginx:1.27"
                        .equals(deployment(t, "blog")
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getImage()));
        // Pruned: 1.0.0 has no ConfigMap.
        await().atMost(WAIT)
                .until(() -> k8s().configMaps()
                        .inNamespace(t.ns())
                        .withLabel(INSTANCE_LABEL, "blog")
                        .list()
                        .getItems()
                        .isEmpty());
        awaitState(t, "blog", "ready", 3);
        as(t.owner())
                .get(t.apps() + "/blog/revisions")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items.revision", equalTo(List.of(3, 2, 1)))
                .body("items[0].action", equalTo("rollback"))
                .body("items[0].sourceRevision", equalTo(1))
                .body("items[0].current", equalTo(true))
                .body("items[1].outcome", equalTo("ready"));

        await().atMost(WAIT)
                .until(() -> EVENTS.all(t.id(), "io.sealcloud.appstore.app.upgraded.v1")
                                .size()
                        == 2);
        assertThat(json(EVENTS.all(t.id(), "io.sealcloud.appstore.app.upgraded.v1")
                                .get(1))
                        .get("rollback")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void anUpgradeThatIsNotReadyInTimeRollsBackByItself() {
        Tenant t = tenant();
        install(t, t.owner(), "shop", Map.of("greeting", "hi")).statusCode(201);
        awaitState(t, "shop", "ready", 1);
        // Revision 2 asks for more CPU per container than the namespace's LimitRange allows: LimitRanger admission
        // refuses its pods, so the ReplicaSet controller can never make them and the rollout never completes.
        k8s().limitRanges()
                .inNamespace(t.ns())
                .resource(new LimitRangeBuilder()
                        .withNewMetadata()
                        .withName("per-container")
                        .endMetadata()
                        .withNewSpec()
                        .addNewLimit()
                        .withType("Container")
                        .addToMax("cpu", new Quantity("1"))
                        .endLimit()
                        .endSpec()
                        .build())
                .create();

        as(t.owner())
                .contentType(ContentType.JSON)
                .body(Map.of("version", "1.1.0", "timeoutSeconds", 2, "inputs", Map.of("cpu", "2")))
                .post(t.apps() + "/shop/upgrades")
                .then()
                .statusCode(200)
                .body("revision", equalTo(2));
        // Revision 2 never turns ready: past its deadline the controller rolls back to revision 1's objects.
        await().atMost(WAIT)
                .untilAsserted(() -> as(t.owner())
                        .get(t.apps() + "/shop")
                        .then()
                        .body("revision", equalTo(3))
                        .body("version", equalTo("1.0.0")));
        await().atMost(WAIT)
                .until(() -> "nginx:1.27"
                        .equals(deployment(t, "shop")
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getImage()));
        await().atMost(WAIT)
                .until(() -> k8s().configMaps()
                        .inNamespace(t.ns())
                        .withLabel(INSTANCE_LABEL, "shop")
                        .list()
                        .getItems()
                        .isEmpty());
        as(t.owner())
                .get(t.apps() + "/shop/revisions")
                .then()
                .body("items[0].action", equalTo("auto-rollback"))
                .body("items[0].sourceRevision", equalTo(1))
                .body("items[1].outcome", equalTo("rolled-back"))
                .body("items[1].outcomeMessage", containsString("not ready within 2s"));
        var failed = EVENTS.awaitEvent(t.id(), "io.sealcloud.appstore.app.failed.v1");
        assertThat(json(failed).get("reason").asText()).isEqualTo("ReadyTimeout");
        assertThat(json(failed).get("rolledBackTo").asInt()).isEqualTo(1);
        awaitState(t, "shop", "ready", 3);
    }

    @Test
    void uninstallLeavesNothingLabelledButKeptVolumeClaimsReleasedFromTheApp() {
        Tenant t = tenant();
        install(t, t.owner(), "keep", Map.of("greeting", "hi")).statusCode(201);
        install(t, t.owner(), "wipe", Map.of("greeting", "hi")).statusCode(201);
        await().atMost(WAIT)
                .until(() ->
                        labelled(t, "keep").size() == 4 && labelled(t, "wipe").size() == 4);
        awaitState(t, "keep", "ready", 1);
        awaitState(t, "wipe", "ready", 1);
        // Something the app's own process made, owned by the instance but not labelled: the uninstall does not see
        // it, the garbage collector of the controller manager removes it once the AppInstance is gone.
        AppInstance wipe = k8s().resources(AppInstance.class)
                .inNamespace(t.ns())
                .withName("wipe")
                .get();
        k8s().configMaps()
                .inNamespace(t.ns())
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("made-by-the-app")
                        .addNewOwnerReference()
                        .withApiVersion(AppInstance.API_VERSION)
                        .withKind("AppInstance")
                        .withName("wipe")
                        .withUid(wipe.getMetadata().getUid())
                        .endOwnerReference()
                        .endMetadata()
                        .build())
                .create();

        as(t.owner())
                .delete(t.apps() + "/keep?pvcPolicy=keep")
                .then()
                .statusCode(202)
                .body("state", equalTo("uninstalling"));
        as(t.owner()).delete(t.apps() + "/wipe?pvcPolicy=delete").then().statusCode(202);

        await().atMost(WAIT)
                .until(() -> as(t.owner()).get(t.apps() + "/keep").statusCode() == 404
                        && as(t.owner()).get(t.apps() + "/wipe").statusCode() == 404);
        assertThat(labelled(t, "wipe")).isEmpty();
        assertThat(labelled(t, "keep")).singleElement().satisfies(claim -> {
            assertThat(claim).isInstanceOf(PersistentVolumeClaim.class);
            assertThat(claim.getMetadata().getOwnerReferences()).isNullOrEmpty();
            assertThat(claim.getMetadata().getAnnotations()).containsEntry("appstore.sealcloud.io/retained", "true");
        });
        assertThat(k8s().resources(AppInstance.class).inNamespace(t.ns()).list().getItems())
                .isEmpty();
        // The Deployments' ReplicaSets and pods (owned by them, not by us) were collected by the garbage collector.
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(k8s().apps().replicaSets().inNamespace(t.ns()).list().getItems())
                    .isEmpty();
            assertThat(k8s().pods().inNamespace(t.ns()).list().getItems()).isEmpty();
            assertThat(k8s().configMaps()
                            .inNamespace(t.ns())
                            .withName("made-by-the-app")
                            .get())
                    .isNull();
        });
        await().atMost(WAIT)
                .until(() -> EVENTS.all(t.id(), "io.sealcloud.appstore.app.uninstalled.v1")
                                .size()
                        == 2);
    }

    @Test
    void developersDeployButMayNotDeleteAnAppsData() {
        Tenant t = tenant();
        TestUser developer = KeycloakTestResource.realm().createUniqueUser("dev");
        Tenants.memberAdded(t.id(), developer.id(), "developer");
        await().atMost(WAIT).until(() -> as(developer).get(t.apps()).statusCode() == 200);

        install(t, developer, "devapp", Map.of("greeting", "hi")).statusCode(201);
        as(developer)
                .delete(t.apps() + "/devapp?pvcPolicy=delete")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("only owners and managers"));
        as(developer).delete(t.apps() + "/devapp?pvcPolicy=keep").then().statusCode(202);
    }

    @Test
    void badInputsAndEscapingObjectsAreRefusedWithProblemsAndNothingIsApplied() {
        Tenant t = tenant();
        install(t, t.owner(), "bad", Map.of())
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://sealcloud.io/problems/invalid-inputs"))
                .body("errors.pointer", equalTo(List.of("/inputs/greeting")))
                .body("errors[0].detail", equalTo("is required"));
        install(t, t.owner(), "bad", Map.of("greeting", "hi", "smtp_host", "mail.example.com"))
                .statusCode(400)
                .body("errors.pointer", equalTo(List.of("/inputs/smtp_host")))
                .body("errors[0].detail", containsString("is hidden"));
        install(t, t.owner(), "bad", Map.of("greeting", "hi", "storage", "lots"))
                .statusCode(400)
                .body("errors.pointer", equalTo(List.of("/inputs/storage")));
        install(t, t.owner(), "bad", Map.of("greeting", "hi", "cluster_wide", true))
                .statusCode(422)
                .body("type", equalTo("https://sealcloud.io/problems/object-not-allowed"))
                .body("detail", containsString("ClusterRoleBinding"));
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(Map.of("template", TestTemplates.NAME, "name", "bad"))
                .post(t.apps())
                .then()
                .statusCode(400)
                .body("errors.pointer", hasItem("/version"));

        as(t.owner()).get(t.apps()).then().body("total", equalTo(0));
        assertThat(k8s().resources(AppInstance.class).inNamespace(t.ns()).list().getItems())
                .isEmpty();
        assertThat(labelled(t, "bad")).isEmpty();
    }

    /** The workspace's ResourceQuota as an administrator sets it (admission and the quota controller track usage). */
    void quota(Tenant t, Map<String, String> hard) {
        Map<String, Quantity> quantities = new TreeMap<>();
        hard.forEach((resource, amount) -> quantities.put(resource, new Quantity(amount)));
        k8s().resourceQuotas()
                .inNamespace(t.ns())
                .resource(new ResourceQuotaBuilder()
                        .withNewMetadata()
                        .withName("workspace-quota")
                        .withNamespace(t.ns())
                        .endMetadata()
                        .withNewSpec()
                        .withHard(quantities)
                        .endSpec()
                        .build())
                .create();
        // As in a provisioned workspace: the quota controller has computed the quota before anything is admitted.
        await().atMost(WAIT)
                .until(() -> k8s().resourceQuotas()
                                .inNamespace(t.ns())
                                .withName("workspace-quota")
                                .get()
                                .getStatus()
                        != null);
    }

    @Test
    void anInstallThatExceedsTheWorkspaceQuotaIsRefusedBeforeAnythingIsCreated() {
        Tenant t = tenant();
        quota(t, Map.of("requests.cpu", "1", "requests.storage", "10Gi"));

        install(t, t.owner(), "big", Map.of("greeting", "hi", "storage", "50"))
                .statusCode(422)
                .body("type", equalTo("https://sealcloud.io/problems/quota-exceeded"))
                .body("detail", containsString("requests.storage"));
        assertThat(k8s().resources(AppInstance.class).inNamespace(t.ns()).list().getItems())
                .isEmpty();
        install(t, t.owner(), "small", Map.of("greeting", "hi", "storage", "5")).statusCode(201);
    }

    @Test
    void installsInARowCountEachOtherBeforeAdmissionHasChargedThemAndNotTwiceAfter() {
        Tenant t = tenant();
        quota(t, Map.of("requests.storage", "10Gi"));
        install(t, t.owner(), "first", Map.of("greeting", "hi", "storage", "6")).statusCode(201);

        // The quota's usage is still empty, as in a real cluster before the controller and admission have acted.
        install(t, t.owner(), "second", Map.of("greeting", "hi", "storage", "6"))
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://sealcloud.io/problems/quota-exceeded"))
                .body("detail", containsString("requests.storage"))
                .body("detail", containsString("current revision"));
        assertThat(k8s().resources(AppInstance.class).inNamespace(t.ns()).list().getItems())
                .extracting(i -> i.getMetadata().getName())
                .containsExactly("first");

        // Admission charges the first app's claim once the controller has created it: not counted a second time.
        await().atMost(WAIT)
                .until(() -> labelled(t, "first").stream().anyMatch(o -> o instanceof PersistentVolumeClaim));
        await().atMost(WAIT).until(() -> {
            var status = k8s().resourceQuotas()
                    .inNamespace(t.ns())
                    .withName("workspace-quota")
                    .get()
                    .getStatus();
            return status != null
                    && status.getUsed() != null
                    && new Quantity("6Gi").equals(status.getUsed().get("requests.storage"));
        });
        install(t, t.owner(), "third", Map.of("greeting", "hi", "storage", "4")).statusCode(201);
        install(t, t.owner(), "fourth", Map.of("greeting", "hi", "storage", "1"))
                .statusCode(422);
    }

    @Test
    void anUpgradeIsCheckedWithItsNewRevisionInPlaceOfTheCurrentOneAndRefusedWithoutChange() {
        Tenant t = tenant();
        quota(t, Map.of("requests.storage", "10Gi"));
        install(t, t.owner(), "grow", Map.of("greeting", "hi", "storage", "4")).statusCode(201);
        install(t, t.owner(), "other", Map.of("greeting", "hi", "storage", "3")).statusCode(201);

        // 4Gi → 7Gi: with the other app's 3Gi that is exactly 10Gi (the 4Gi it replaces is not counted twice).
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(Map.of("inputs", Map.of("storage", "7")))
                .post(t.apps() + "/grow/upgrades")
                .then()
                .statusCode(200);
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(Map.of("inputs", Map.of("storage", "8")))
                .post(t.apps() + "/grow/upgrades")
                .then()
                .statusCode(422)
                .body("type", equalTo("https://sealcloud.io/problems/quota-exceeded"));
        as(t.owner()).get(t.apps() + "/grow").then().body("revision", equalTo(2));
    }

    @Test
    void concurrentInstallsIntoTheSameRoomAdmitOnlyOne() throws Exception {
        Tenant t = tenant();
        quota(t, Map.of("requests.storage", "10Gi"));
        String token = t.owner().token(); // once: the three requests must race in the app store, not at Keycloak
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (String name : List.of("one", "two", "three")) {
                answers.add(pool.submit(() -> install(
                                t,
                                given().auth().oauth2(token).accept(ContentType.JSON),
                                name,
                                Map.of("greeting", "hi", "storage", "4"))
                        .extract()
                        .statusCode()));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                codes.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertThat(codes).containsExactlyInAnyOrder(201, 201, 422);
        } finally {
            pool.shutdownNow();
        }
        assertThat(k8s().resources(AppInstance.class).inNamespace(t.ns()).list().getItems())
                .hasSize(2);
    }

    @Test
    void aSuspendedWorkspaceAdmitsNoInstallUntilItIsResumed() {
        Tenant t = tenant();
        Instant suspendedAt = Instant.now();
        Tenants.suspension(t.id(), true, List.of("debt"), suspendedAt);

        await().atMost(WAIT)
                .until(() -> install(t, t.owner(), "late", Map.of("greeting", "hi"))
                                .extract()
                                .statusCode()
                        == 409);
        install(t, t.owner(), "late", Map.of("greeting", "hi"))
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://sealcloud.io/problems/workspace-suspended"))
                .body("detail", containsString("debt"));
        assertThat(k8s().resources(AppInstance.class).inNamespace(t.ns()).list().getItems())
                .isEmpty();

        Tenants.suspension(t.id(), false, List.of(), suspendedAt.plusSeconds(60));
        // An older state arriving late is ignored: the newest changedAt wins.
        Tenants.suspension(t.id(), true, List.of("ops"), suspendedAt.plusSeconds(30));
        await().atMost(WAIT)
                .until(() -> install(t, t.owner(), "late", Map.of("greeting", "hi"))
                                .extract()
                                .statusCode()
                        == 201);
    }

    @Test
    void aMemberOfAnotherWorkspaceGetsNotFoundOnEveryAppEndpoint() {
        Tenant t = tenant();
        install(t, t.owner(), "private", Map.of("greeting", "hi")).statusCode(201);
        Tenant other = tenant();
        TestUser stranger = other.owner();
        String app = t.apps() + "/private";

        as(stranger).get(t.apps()).then().statusCode(404).contentType("application/problem+json");
        as(stranger).get(app).then().statusCode(404);
        as(stranger).get(app + "/revisions").then().statusCode(404);
        as(stranger)
                .contentType(ContentType.JSON)
                .body(Map.of())
                .post(app + "/upgrade-previews")
                .then()
                .statusCode(404);
        as(stranger)
                .contentType(ContentType.JSON)
                .body(Map.of("inputs", Map.of("greeting", "x")))
                .post(app + "/upgrades")
                .then()
                .statusCode(404);
        as(stranger)
                .contentType(ContentType.JSON)
                .body(Map.of("revision", 1))
                .post(app + "/rollbacks")
                .then()
                .statusCode(404);
        as(stranger).delete(app + "?pvcPolicy=delete").then().statusCode(404);
        install(t, stranger, "intruder", Map.of("greeting", "hi")).statusCode(404);
        given().get(t.apps()).then().statusCode(401);

        // A removed member loses access too.
        TestUser former = KeycloakTestResource.realm().createUniqueUser("former");
        Tenants.memberAdded(t.id(), former.id(), "manager");
        await().atMost(WAIT).until(() -> as(former).get(app).statusCode() == 200);
        Tenants.memberRemoved(t.id(), former.id(), "manager");
        await().atMost(WAIT).until(() -> as(former).get(app).statusCode() == 404);
        as(t.owner()).get(app).then().statusCode(200).body("revision", equalTo(1));

        // A deleted workspace is gone for everyone, its owner included.
        Tenants.workspaceDeleted(other.id(), stranger.id());
        await().atMost(WAIT).until(() -> as(stranger).get(other.apps()).statusCode() == 404);
    }
}
