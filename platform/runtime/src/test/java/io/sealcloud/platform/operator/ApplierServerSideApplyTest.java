package io.sealcloud.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server-side apply request shape, against the fabric8 mock server in expectations mode (it has no SSA of its own:
 * each test scripts what a real API server answers).
 */
@EnableKubernetesMockClient(crud = false)
class ApplierServerSideApplyTest {

    private static final String PATH = "/api/v1/namespaces/ns1/configmaps/cm1";
    private static final String APPLY = PATH + "?fieldManager=sealcloud-test&force=true";

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void sendsAnApplyPatchWithTheServicesFieldManagerAndForce() throws Exception {
        server.expect().patch().withPath(APPLY).andReturn(200, stored("7")).once();
        Applier applier = new Applier(client, "sealcloud-test", ApplyMode.SERVER_SIDE);

        ConfigMap applied = applier.apply(desired());

        RecordedRequest request = server.getLastRequest();
        assertThat(request.getMethod()).isEqualTo("PATCH");
        assertThat(request.getPath()).isEqualTo(APPLY);
        assertThat(request.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
        assertThat(request.getUtf8Body()).contains("cm1").contains("color").doesNotContain("resourceVersion");
        assertThat(applied.getMetadata().getResourceVersion()).isEqualTo("7");
    }

    @Test
    void dropsAResourceVersionFromTheDesiredObjectSoTheApplyIsUnconditional() throws Exception {
        server.expect().patch().withPath(APPLY).andReturn(200, stored("8")).once();
        ConfigMap desired = desired();
        desired.getMetadata().setResourceVersion("3");

        new Applier(client, "sealcloud-test", ApplyMode.SERVER_SIDE).apply(desired);

        assertThat(server.getLastRequest().getUtf8Body()).doesNotContain("resourceVersion");
        assertThat(desired.getMetadata().getResourceVersion())
                .as("the caller's object is untouched")
                .isEqualTo("3");
    }

    @Test
    void autoModeKeepsServerSideApplyOnAServerThatSupportsIt() {
        server.expect().patch().withPath(APPLY).andReturn(200, stored("9")).times(2);
        Applier applier = new Applier(client, "sealcloud-test", ApplyMode.AUTO);

        applier.apply(desired());
        applier.apply(desired());

        assertThat(applier.effectiveMode()).isEqualTo(ApplyMode.SERVER_SIDE);
        assertThat(server.getRequestCount())
                .as("no client-side reads or writes")
                .isEqualTo(2);
    }

    @Test
    void autoModeStaysUndecidedWhenTheFallbackFailsToo() {
        // A real server answers 404 to an apply into a missing namespace; a create fails the same way.
        server.expect().patch().withPath(APPLY).andReturn(404, notFound()).once();
        server.expect().get().withPath(PATH).andReturn(404, notFound()).once();
        server.expect()
                .post()
                .withPath("/api/v1/namespaces/ns1/configmaps")
                .andReturn(404, notFound())
                .once();
        Applier applier = new Applier(client, "sealcloud-test", ApplyMode.AUTO);

        assertThatThrownBy(() -> applier.apply(desired()))
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e ->
                        assertThat(((KubernetesClientException) e).getCode()).isEqualTo(404));
        assertThat(applier.effectiveMode()).isEqualTo(ApplyMode.AUTO);
    }

    @Test
    void serverSideModeNeverFallsBack() {
        server.expect().patch().withPath(APPLY).andReturn(415, "").once();
        Applier applier = new Applier(client, "sealcloud-test", ApplyMode.SERVER_SIDE);

        assertThatThrownBy(() -> applier.apply(desired())).isInstanceOf(KubernetesClientException.class);
        assertThat(applier.effectiveMode()).isEqualTo(ApplyMode.SERVER_SIDE);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void clientSideModeRetriesAnUpdateThatHitAConflict() throws Exception {
        server.expect().get().withPath(PATH).andReturn(200, stored("1")).once();
        server.expect().put().withPath(PATH).andReturn(409, conflict()).once();
        server.expect().get().withPath(PATH).andReturn(200, stored("2")).once();
        server.expect().put().withPath(PATH).andReturn(200, stored("3")).once();
        Applier applier = new Applier(client, "sealcloud-test", ApplyMode.CLIENT_SIDE);

        ConfigMap applied = applier.apply(desiredWithData("blue"));

        assertThat(applied.getMetadata().getResourceVersion()).isEqualTo("3");
        RecordedRequest lastPut = server.getLastRequest();
        assertThat(lastPut.getMethod()).isEqualTo("PUT");
        assertThat(lastPut.getUtf8Body()).contains("\"resourceVersion\":\"2\"").contains("blue");
    }

    private static ConfigMap desired() {
        return desiredWithData("red");
    }

    private static ConfigMap desiredWithData(String color) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace("ns1")
                .withName("cm1")
                .endMetadata()
                .withData(Map.of("color", color))
                .build();
    }

    private static ConfigMap stored(String resourceVersion) {
        ConfigMap cm = desired();
        cm.getMetadata().setResourceVersion(resourceVersion);
        return cm;
    }

    private static String notFound() {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}";
    }

    private static String conflict() {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Conflict\",\"code\":409}";
    }
}
