package io.sealcloud.appstore.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.sealcloud.appstore.operator.crd.v1alpha1.AppInstance;
import io.sealcloud.platform.events.EventJson;
import io.sealcloud.testkit.EventProbe;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithKubernetes;
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
 * The app lifecycle end to end against real Kafka, PostgreSQL, Keycloak and the fabric8 mock API server (CRUD): the
 * workspace is learnt from accounts' events published to Kafka; objects become ready when the test sets their status,
 * as kubelet and controllers would.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "appstore")
@WithKeycloak
@WithKubernetes(setup = AppstoreKubernetesSetup.class)
class AppLifecycleTest {

    static final String INSTANCE_LABEL = "sealcloud.io/app-instance";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final EventProbe EVENTS = new EventProbe("sealcloud.appstore.v1");

    @KubernetesTestServer
    KubernetesServer server;

    @AfterAll
    static void closeProbe() {
        EVENTS.close();
    }

    /** A workspace owned by a fresh user, known to the app store (its events consumed). */
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
        Tenants.workspaceCreated(id, owner.id());
        Tenant tenant = new Tenant(id, owner);
        await().atMost(WAIT).until(() -> as(owner).get(tenant.apps()).statusCode() == 200);
        return tenant;
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

    KubernetesClient k8s() {
        return server.getClient();
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

    /** What the Deployment controller and kubelet would report once the pods of the current spec run. */
    void markReady(Tenant t, String instance) {
        Deployment d = deployment(t, instance);
        k8s().apps()
                .deployments()
                .inNamespace(t.ns())
                .withName(d.getMetadata().getName())
                .editStatus(live -> {
                    live.setStatus(new DeploymentStatusBuilder()
                            .withObservedGeneration(live.getMetadata().getGeneration())
                            .withReplicas(1)
                            .withUpdatedReplicas(1)
                            .withReadyReplicas(1)
                            .withAvailableReplicas(1)
                            .build());
                    return live;
                });
        for (PersistentVolumeClaim claim : k8s().persistentVolumeClaims()
                .inNamespace(t.ns())
                .withLabel(INSTANCE_LABEL, instance)
                .list()
                .getItems()) {
            k8s().persistentVolumeClaims()
                    .inNamespace(t.ns())
                    .withName(claim.getMetadata().getName())
                    .editStatus(c -> {
                        c.setStatus(new PersistentVolumeClaimStatusBuilder()
                                .withPhase("Bound")
                                .build());
                        return c;
                    });
        }
    }

    void awaitState(Tenant t, String instance, String state, int revision) {
        await().atMost(WAIT)
                .untilAsserted(() -> as(t.owner())
                        .get(t.apps() + "/" + instance)
                        .then()
                        .statusCode(200)
                        .body("state", equalTo(state))
                        .body("revision", equalTo(revision)));
    }

    @Test
    void anInstallCreatesLabelledOwnedObjectsThatBecomeReadyOnceTheirStatusIsSet() {
        Tenant t = tenant();
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
        await().atMost(WAIT)
                .untilAsserted(() -> as(t.owner())
                        .get(t.apps() + "/web")
                        .then()
                        .body("conditions.find { it.type == 'Progressing' }.status", equalTo("True"))
                        .body("conditions.find { it.type == 'Ready' }.status", equalTo("False"))
                        .body("objects.kind", hasItem("Deployment")));

        markReady(t, "web");

        awaitState(t, "web", "ready", 1);
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
        markReady(t, "blog");
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
        markReady(t, "blog");
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
        markReady(t, "blog");
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
        markReady(t, "shop");
        awaitState(t, "shop", "ready", 1);

        as(t.owner())
                .contentType(ContentType.JSON)
                .body(Map.of("version", "1.1.0", "timeoutSeconds", 2))
                .post(t.apps() + "/shop/upgrades")
                .then()
                .statusCode(200)
                .body("revision", equalTo(2));
        // Nobody marks revision 2 ready: past its deadline the controller rolls back to revision 1's objects.
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
        markReady(t, "shop");
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

    /** The workspace's ResourceQuota as an administrator sets it (no usage yet: the mock runs no admission). */
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
        k8s().resourceQuotas().inNamespace(t.ns()).withName("workspace-quota").editStatus(q -> {
            q.setStatus(new ResourceQuotaStatusBuilder()
                    .addToHard("requests.storage", new Quantity("10Gi"))
                    .addToUsed("requests.storage", new Quantity("6Gi"))
                    .build());
            return q;
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
