package io.sealcloud.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Optimistic concurrency of status writes, in expectations mode: the CRUD mock ignores the resourceVersion of a status
 * write (it only swaps the status into the stored object), so a real API server's 409 is scripted here.
 */
@EnableKubernetesMockClient(crud = false)
class StatusUpdaterConflictTest {

    private static final String PATH = "/apis/test.sealcloud.io/v1alpha1/namespaces/ns1/widgets/w1";
    private static final String CONFLICT =
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Conflict\",\"code\":409}";

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void rereadsAndRetriesWithTheNewResourceVersionAfterAConflict() throws Exception {
        server.expect().get().withPath(PATH).andReturn(200, stored("5")).once();
        server.expect()
                .put()
                .withPath(PATH + "/status")
                .andReturn(409, CONFLICT)
                .once();
        server.expect().get().withPath(PATH).andReturn(200, stored("6")).once();
        server.expect()
                .put()
                .withPath(PATH + "/status")
                .andReturn(200, stored("7"))
                .once();

        Widget written = new StatusUpdater(client).update(stored("4"), readyStatus());

        assertThat(written.getMetadata().getResourceVersion()).isEqualTo("7");
        RecordedRequest lastWrite = server.getLastRequest();
        assertThat(lastWrite.getMethod()).isEqualTo("PUT");
        assertThat(lastWrite.getPath()).isEqualTo(PATH + "/status");
        assertThat(lastWrite.getUtf8Body())
                .contains("\"resourceVersion\":\"6\"")
                .contains("ChildReady");
    }

    @Test
    void givesUpAfterRepeatedConflicts() {
        server.expect().get().withPath(PATH).andReturn(200, stored("5")).always();
        server.expect()
                .put()
                .withPath(PATH + "/status")
                .andReturn(409, CONFLICT)
                .always();

        assertThatThrownBy(() -> new StatusUpdater(client).update(stored("4"), readyStatus()))
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e ->
                        assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409));
    }

    private static Widget stored(String resourceVersion) {
        Widget widget = Widget.of("ns1", "w1", "red");
        widget.getMetadata().setResourceVersion(resourceVersion);
        widget.getMetadata().setGeneration(1L);
        return widget;
    }

    private static Widget.Status readyStatus() {
        Instant now = Instant.parse("2026-02-01T08:00:00Z");
        Widget.Status status = new Widget.Status();
        status.setConditions(Conditions.set(List.of(), "ChildReady", true, "Applied", "", 1L, now));
        return status;
    }
}
