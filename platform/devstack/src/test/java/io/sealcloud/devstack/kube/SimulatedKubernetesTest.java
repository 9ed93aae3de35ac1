package io.sealcloud.devstack.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedKubernetesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final String WORKSPACES = "/apis/accounts.sealcloud.io/v1alpha1/workspaces";

    @TempDir
    Path dir;

    private Path state;
    private List<Path> crds;
    private SimulatedKubernetes server;

    @BeforeEach
    void start() throws URISyntaxException {
        state = dir.resolve("state.json");
        crds = List.of(Path.of(getClass().getResource("/crds").toURI()));
        server = SimulatedKubernetes.start(0, state, crds);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void answersVersionAndCoreDiscovery() throws Exception {
        assertThat(get("/version").path("gitVersion").asText()).contains("simulated");
        assertThat(get("/api").path("versions").toString()).isEqualTo("[\"v1\"]");
        JsonNode core = get("/api/v1");
        assertThat(core.path("kind").asText()).isEqualTo("APIResourceList");
        assertThat(names(core)).contains("namespaces", "pods", "configmaps", "secrets", "serviceaccounts");
    }

    @Test
    void announcesTheProjectsCustomResourcesInDiscovery() throws Exception {
        JsonNode groups = get("/apis");
        assertThat(groups.path("kind").asText()).isEqualTo("APIGroupList");
        assertThat(groups.findValuesAsText("name")).contains("apps", "accounts.sealcloud.io");

        JsonNode workspaces = get("/apis/accounts.sealcloud.io/v1alpha1");
        assertThat(names(workspaces)).containsExactly("workspaces", "workspaces/status");
        assertThat(workspaces.path("resources").get(0).path("namespaced").asBoolean())
                .isFalse();
        assertThat(workspaces.path("resources").get(0).path("kind").asText()).isEqualTo("Workspace");
        assertThat(get("/apis/accounts.sealcloud.io")
                        .path("preferredVersion")
                        .path("version")
                        .asText())
                .isEqualTo("v1alpha1");
    }

    @Test
    void answersDiscoveryEvenWithTheTimeoutKubectlAdds() throws Exception {
        // The bare mock answers these with an (empty) object List, which kubectl cannot use.
        assertThat(get("/api/v1?timeout=32s").path("kind").asText()).isEqualTo("APIResourceList");
        assertThat(get("/apis?timeout=32s").path("kind").asText()).isEqualTo("APIGroupList");
    }

    @Test
    void answersNotFoundForAnUnknownApiGroup() throws Exception {
        HttpResponse<String> response = send("GET", "/apis/nothing.example.com/v1", null);

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void startsWithTheDefaultNamespaces() throws Exception {
        assertThat(get("/api/v1/namespaces").findValuesAsText("name"))
                .contains("default", "kube-system", "kube-public");
    }

    @Test
    void answersAKubernetesStatusForAMissingObject() throws Exception {
        HttpResponse<String> response = send("GET", WORKSPACES + "/nope", null);

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode status = JSON.readTree(response.body());
        assertThat(status.path("kind").asText()).isEqualTo("Status");
        assertThat(status.path("reason").asText()).isEqualTo("NotFound");
        assertThat(status.path("message").asText()).contains("nope");
    }

    @Test
    void keepsObjectsUidAndStatusAcrossARestart() throws Exception {
        send("POST", WORKSPACES, workspace("team-a").toString());
        JsonNode created = get(WORKSPACES + "/team-a");
        send("PATCH", WORKSPACES + "/team-a/status?fieldManager=kubectl-patch", "{\"status\":{\"phase\":\"Ready\"}}");
        server.close();
        assertThat(Files.exists(state)).isTrue();

        server = SimulatedKubernetes.start(0, state, crds);

        JsonNode restored = get(WORKSPACES + "/team-a");
        assertThat(restored.path("metadata").path("uid").asText())
                .isEqualTo(created.path("metadata").path("uid").asText());
        assertThat(restored.path("status").path("phase").asText()).isEqualTo("Ready");
        send("POST", WORKSPACES, workspace("team-b").toString());
        long before = restored.path("metadata").path("resourceVersion").asLong();
        assertThat(get(WORKSPACES + "/team-b")
                        .path("metadata")
                        .path("resourceVersion")
                        .asLong())
                .isGreaterThan(before);
    }

    @Test
    void appliesAStrategicMergePatchToABuiltInKind() throws Exception {
        String deployment = """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},
                 "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"template":{
                   "metadata":{"labels":{"app":"web"}},
                   "spec":{"containers":[{"name":"web","image":"nginx:1.27"},{"name":"sidecar","image":"busybox"}]}}}}
                """;
        assertThat(send("POST", "/apis/apps/v1/namespaces/default/deployments", deployment)
                        .statusCode())
                .isEqualTo(201);
        // What kubectl apply sends when one container's image changes.
        String patch = """
                {"spec":{"replicas":2,"template":{"spec":{
                  "$setElementOrder/containers":[{"name":"web"},{"name":"sidecar"}],
                  "containers":[{"name":"web","image":"nginx:1.28"}]}}}}
                """;

        HttpResponse<String> response = send(
                "PATCH",
                "/apis/apps/v1/namespaces/default/deployments/web",
                patch,
                "application/strategic-merge-patch+json");

        assertThat(response.statusCode()).isLessThan(300);
        JsonNode patched = get("/apis/apps/v1/namespaces/default/deployments/web");
        assertThat(patched.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(patched.path("spec")
                        .path("template")
                        .path("spec")
                        .path("containers")
                        .findValuesAsText("image"))
                .containsExactly("nginx:1.28", "busybox");
    }

    @Test
    void servesAFabric8ClientThatCreatesListsAndWatchesCustomResources() throws Exception {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(server.url())
                .withNamespace("default")
                .withOauthToken("anything")
                .build();
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder()
                .withGroup("accounts.sealcloud.io")
                .withVersion("v1alpha1")
                .withKind("Workspace")
                .withPlural("workspaces")
                .withNamespaced(false)
                .build();
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (KubernetesClient client =
                        new KubernetesClientBuilder().withConfig(config).build();
                Watch watch = client.genericKubernetesResources(context).watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, GenericKubernetesResource resource) {
                        events.add(action + " " + resource.getMetadata().getName());
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                })) {
            GenericKubernetesResource workspace = new GenericKubernetesResourceBuilder()
                    .withApiVersion("accounts.sealcloud.io/v1alpha1")
                    .withKind("Workspace")
                    .withNewMetadata()
                    .withName("team-c")
                    .endMetadata()
                    .addToAdditionalProperties("spec", java.util.Map.of("displayName", "Team C"))
                    .build();
            client.genericKubernetesResources(context).resource(workspace).create();

            assertThat(client.genericKubernetesResources(context).list().getItems())
                    .extracting(r -> r.getMetadata().getName())
                    .contains("team-c");
            assertThat(events.poll(30, TimeUnit.SECONDS)).isEqualTo("ADDED team-c");
        }
    }

    private static JsonNode workspace(String name) {
        JsonNode node = JSON.createObjectNode()
                .put("apiVersion", "accounts.sealcloud.io/v1alpha1")
                .put("kind", "Workspace");
        ((com.fasterxml.jackson.databind.node.ObjectNode) node)
                .putObject("metadata")
                .put("name", name);
        ((com.fasterxml.jackson.databind.node.ObjectNode) node)
                .putObject("spec")
                .put("displayName", name);
        return node;
    }

    private static List<String> names(JsonNode resourceList) {
        List<String> names = new ArrayList<>();
        resourceList.path("resources").forEach(r -> names.add(r.path("name").asText()));
        return names;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", path, null);
        assertThat(response.statusCode()).as("GET " + path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String method, String path, String body)
            throws IOException, InterruptedException {
        return send(method, path, body, "PATCH".equals(method) ? "application/merge-patch+json" : "application/json");
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
