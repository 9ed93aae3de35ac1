package io.sealcloud.appstore.it;

import static io.sealcloud.appstore.it.AppLifecycleTest.WAIT;
import static io.sealcloud.appstore.it.AppLifecycleTest.as;
import static io.sealcloud.appstore.it.AppLifecycleTest.condition;
import static io.sealcloud.appstore.it.AppLifecycleTest.k8s;
import static io.sealcloud.appstore.it.AppLifecycleTest.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.sealcloud.appstore.it.AppLifecycleTest.Tenant;
import io.sealcloud.appstore.operator.crd.v1alpha1.AppInstance;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What this cloud serves decides what the app store accepts, on a real control plane (Kubernetes 1.20 as built here;
 * the assertions follow discovery, so a newer cluster passes them too): a kind the cluster does not serve is refused at
 * install and upgrade with a problem naming it, never accepted and left failing; the catalog says which templates can
 * run; a custom kind whose CRD is installed is applied, watched and removed through discovery.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "appstore")
@WithKeycloak
@WithControlPlane(serviceAccount = "appstore")
class ServedKindsTest {

    static final String TEMPLATES = "/api/appstore/v1/templates";

    static final String BUCKET = """
            ---
            apiVersion: objectstorage.sealos.io/v1
            kind: ObjectStorageBucket
            metadata:
              name: ${{ defaults.app_name }}
            spec:
              policy: private
            """;

    static final String KUBEBLOCKS_CLUSTER = """
            ---
            apiVersion: apps.kubeblocks.io/v1alpha1
            kind: Cluster
            metadata:
              name: ${{ defaults.app_name }}-db
            spec:
              clusterDefinitionRef: postgresql
              terminationPolicy: Delete
            """;

    static ValidatableResponse install(Tenant t, String template, String name) {
        return as(t.owner())
                .contentType(ContentType.JSON)
                .body(Map.of("template", template, "version", "1.0.0", "name", name, "inputs", Map.of()))
                .post(t.apps())
                .then();
    }

    @Test
    void anInstallNeedingAKindThisCloudDoesNotServeIsRefusedAndNothingIsCreated() {
        TestTemplates.importAsOps(TestTemplates.minimal("bucket-demo", BUCKET), "1.0.0");
        Tenant t = tenant();

        install(t, "bucket-demo", "files")
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://sealcloud.io/problems/kind-not-served"))
                .body(
                        "detail",
                        allOf(
                                containsString("does not serve"),
                                containsString("objectstorage.sealos.io/v1 ObjectStorageBucket"),
                                containsString("API group objectstorage.sealos.io")))
                .body("errors[0].detail", containsString("ObjectStorageBucket"));

        as(t.owner()).get(t.apps()).then().body("total", equalTo(0));
        assertThat(k8s().resources(AppInstance.class).inNamespace(t.ns()).list().getItems())
                .isEmpty();
        assertThat(k8s().configMaps().inNamespace(t.ns()).list().getItems())
                .noneMatch(c -> c.getMetadata().getName().startsWith("bucket-demo-"));
    }

    @Test
    void anUpgradeToAVersionNeedingAKindThisCloudDoesNotServeIsRefusedAndTheAppKeepsRunning() {
        TestTemplates.importAsOps(TestTemplates.minimal("grow-demo", ""), "1.0.0");
        TestTemplates.importAsOps(TestTemplates.minimal("grow-demo", BUCKET), "1.1.0");
        Tenant t = tenant();
        install(t, "grow-demo", "grow").statusCode(201);
        AppLifecycleTest.awaitReady(t, "grow", 1);

        for (String operation : List.of("/grow/upgrade-previews", "/grow/upgrades")) {
            as(t.owner())
                    .contentType(ContentType.JSON)
                    .body(Map.of("version", "1.1.0"))
                    .post(t.apps() + operation)
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://sealcloud.io/problems/kind-not-served"))
                    .body("detail", containsString("objectstorage.sealos.io/v1 ObjectStorageBucket"));
        }
        as(t.owner())
                .get(t.apps() + "/grow")
                .then()
                .body("revision", equalTo(1))
                .body("version", equalTo("1.0.0"))
                .body("state", equalTo("ready"));
    }

    @Test
    void theCatalogSaysWhichTemplatesThisCloudCanRun() {
        TestTemplates.importAsOps(TestTemplates.minimal("bucket-demo", BUCKET), "1.0.0");
        TestTemplates.ensureImported();
        var user = CatalogApiTest.user();

        as(user).get(TEMPLATES + "/bucket-demo")
                .then()
                .statusCode(200)
                .body("runnable", equalTo(false))
                .body("missingKinds", equalTo(List.of("objectstorage.sealos.io/v1 ObjectStorageBucket")));
        as(user).get(TEMPLATES + "/" + TestTemplates.NAME)
                .then()
                .statusCode(200)
                .body("runnable", equalTo(true))
                .body("missingKinds", equalTo(List.of()));
        as(user).queryParam("size", 100)
                .get(TEMPLATES)
                .then()
                .statusCode(200)
                .body("items.find { it.name == 'bucket-demo' }.runnable", equalTo(false))
                .body(
                        "items.find { it.name == 'bucket-demo' }.missingKinds",
                        hasItem("objectstorage.sealos.io/v1 ObjectStorageBucket"))
                .body("items.find { it.name == '" + TestTemplates.NAME + "' }.runnable", equalTo(true))
                // A shipped sample whose objects are all built-in kinds.
                .body("items.find { it.name == 'memos' }.runnable", equalTo(true));
    }

    @Test
    void aCustomKindIsAppliedThroughDiscoveryOnceItsCrdIsInstalledAndItsReadyConditionCounts() throws Exception {
        String crdName = "clusters.apps.kubeblocks.io";
        TestTemplates.importAsOps(TestTemplates.minimal("kubeblocks-demo", KUBEBLOCKS_CLUSTER), "1.0.0");
        Tenant t = tenant();
        if (k8s().apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(crdName)
                        .get()
                == null) {
            // Without the CRD: refused, and the catalog says so.
            install(t, "kubeblocks-demo", "db")
                    .statusCode(422)
                    .body("detail", containsString("apps.kubeblocks.io/v1alpha1 Cluster"));
            as(t.owner())
                    .get(TEMPLATES + "/kubeblocks-demo")
                    .then()
                    .body("runnable", equalTo(false))
                    .body("missingKinds", equalTo(List.of("apps.kubeblocks.io/v1alpha1 Cluster")));
        }

        try (InputStream yaml = getClass().getResourceAsStream("/crds/kubeblocks-cluster-crd.yaml")) {
            CustomResourceDefinition crd = k8s().apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .load(yaml)
                    .item();
            k8s().resource(crd).forceConflicts().fieldManager("test").serverSideApply();
        }
        k8s().apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(crdName)
                .waitUntilCondition(
                        c -> c != null
                                && c.getStatus() != null
                                && c.getStatus().getConditions().stream()
                                        .anyMatch(
                                                x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
                        30,
                        TimeUnit.SECONDS);
        // Discovery is refreshed on a miss: the catalog and install see the new kind without a restart.
        await().atMost(WAIT)
                .untilAsserted(() ->
                        as(t.owner()).get(TEMPLATES + "/kubeblocks-demo").then().body("runnable", equalTo(true)));
        install(t, "kubeblocks-demo", "db").statusCode(201);

        ResourceDefinitionContext clusters = new ResourceDefinitionContext.Builder()
                .withGroup("apps.kubeblocks.io")
                .withVersion("v1alpha1")
                .withKind("Cluster")
                .withPlural("clusters")
                .withNamespaced(true)
                .build();
        GenericKubernetesResource cluster = await().atMost(WAIT)
                .until(
                        () -> k8s().genericKubernetesResources(clusters)
                                .inNamespace(t.ns())
                                .withLabel(AppLifecycleTest.INSTANCE_LABEL, "db")
                                .list()
                                .getItems(),
                        list -> list.size() == 1)
                .get(0);
        assertThat(cluster.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(ref -> assertThat(ref.getKind()).isEqualTo("AppInstance"));
        assertThat(cluster.getMetadata().getManagedFields())
                .anySatisfy(f -> assertThat(f.getManager()).isEqualTo("sealcloud-appstore"));
        AppLifecycleTest.awaitReady(t, "db", 1);

        // KubeBlocks reports the database not ready: the instance follows the Cluster's Ready condition (its informer
        // wakes the instance), then turns Ready again with it.
        setReady(clusters, t.ns(), cluster.getMetadata().getName(), "False");
        await().atMost(WAIT).until(() -> "False".equals(condition(appInstance(t, "db"), "Ready")));
        assertThat(appInstance(t, "db").getStatus().getObjects()).anySatisfy(o -> {
            assertThat(o.getKind()).isEqualTo("Cluster");
            assertThat(o.getReady()).isFalse();
            assertThat(o.getMessage()).isEqualTo("creating replicas");
        });
        setReady(clusters, t.ns(), cluster.getMetadata().getName(), "True");
        await().atMost(WAIT).until(() -> "True".equals(condition(appInstance(t, "db"), "Ready")));

        // Uninstall finds the Cluster by discovery too.
        as(t.owner()).delete(t.apps() + "/db?pvcPolicy=delete").then().statusCode(202);
        await().atMost(WAIT).until(() -> as(t.owner()).get(t.apps() + "/db").statusCode() == 404);
        assertThat(k8s().genericKubernetesResources(clusters)
                        .inNamespace(t.ns())
                        .list()
                        .getItems())
                .isEmpty();
    }

    @Test
    void cronJobsAndDisruptionBudgetsAreAppliedInTheVersionsThisClusterServesAndRefusedInOthers() {
        String objects = """
                ---
                apiVersion: batch/VERSION
                kind: CronJob
                metadata:
                  name: ${{ defaults.app_name }}-nightly
                spec:
                  schedule: '0 3 * * *'
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: OnFailure
                          containers:
                            - name: job
                              image: busybox:1.36
                ---
                apiVersion: policy/VERSION
                kind: PodDisruptionBudget
                metadata:
                  name: ${{ defaults.app_name }}-pdb
                spec:
                  minAvailable: 0
                  selector:
                    matchLabels:
                      app: ${{ defaults.app_name }}
                """;
        Tenant t = tenant();
        int servedOnes = 0;
        for (String version : List.of("v1", "v1beta1")) {
            String template = "cron-" + version;
            TestTemplates.importAsOps(TestTemplates.minimal(template, objects.replace("VERSION", version)), "1.0.0");
            boolean cronJobs = serves("batch/" + version, "CronJob");
            boolean budgets = serves("policy/" + version, "PodDisruptionBudget");
            if (cronJobs && budgets) {
                servedOnes++;
                install(t, template, template).statusCode(201);
                AppLifecycleTest.awaitReady(t, template, 1);
                assertThat(as(t.owner())
                                .get(t.apps() + "/" + template)
                                .then()
                                .extract()
                                .<List<String>>path("objects.kind"))
                        .contains("CronJob", "PodDisruptionBudget");
                as(t.owner())
                        .delete(t.apps() + "/" + template + "?pvcPolicy=delete")
                        .then()
                        .statusCode(202);
                await().atMost(WAIT)
                        .until(() ->
                                as(t.owner()).get(t.apps() + "/" + template).statusCode() == 404);
                assertThat(k8s().genericKubernetesResources("batch/" + version, "CronJob")
                                .inNamespace(t.ns())
                                .list()
                                .getItems())
                        .isEmpty();
            } else {
                install(t, template, template)
                        .statusCode(422)
                        .body("type", equalTo("https://sealcloud.io/problems/kind-not-served"))
                        .body(
                                "detail",
                                containsString(
                                        cronJobs
                                                ? "policy/" + version + " PodDisruptionBudget"
                                                : "batch/" + version + " CronJob"));
            }
        }
        assertThat(servedOnes)
                .as("every cluster serves one of the two versions")
                .isGreaterThanOrEqualTo(1);
    }

    static boolean serves(String groupVersion, String kind) {
        try {
            APIResourceList resources = k8s().getApiResources(groupVersion);
            return resources != null && resources.getResources().stream().anyMatch(r -> kind.equals(r.getKind()));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    static AppInstance appInstance(Tenant t, String name) {
        return k8s().resources(AppInstance.class)
                .inNamespace(t.ns())
                .withName(name)
                .get();
    }

    /** What KubeBlocks would write: the Cluster's Ready condition, on its status subresource. */
    static void setReady(ResourceDefinitionContext clusters, String namespace, String name, String status) {
        k8s().genericKubernetesResources(clusters)
                .inNamespace(namespace)
                .withName(name)
                .editStatus(c -> {
                    c.setAdditionalProperty(
                            "status",
                            Map.of(
                                    "phase",
                                    "True".equals(status) ? "Running" : "Creating",
                                    "conditions",
                                    List.of(Map.of(
                                            "type",
                                            "Ready",
                                            "status",
                                            status,
                                            "reason",
                                            "True".equals(status) ? "AllReplicasReady" : "ReplicasNotReady",
                                            "message",
                                            "True".equals(status) ? "all replicas ready" : "creating replicas",
                                            "lastTransitionTime",
                                            java.time.Instant.now()
                                                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                                    .toString()))));
                    return c;
                });
    }
}
