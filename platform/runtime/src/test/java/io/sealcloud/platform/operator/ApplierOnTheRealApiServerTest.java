package io.sealcloud.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sealcloud.testkit.ControlPlaneTestResource;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Applier against a real kube-apiserver (testkit's control plane), where server-side apply, field ownership and
 * the removal of fields a manager stops applying are the API server's, not a script's.
 */
class ApplierOnTheRealApiServerTest {

    private static KubernetesClient client;
    private static String namespace;

    @BeforeAll
    static void connect() {
        client = ControlPlaneTestResource.adminClient();
        namespace = "applier-" + UUID.randomUUID().toString().substring(0, 8);
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
    }

    @AfterAll
    static void disconnect() {
        client.namespaces().withName(namespace).delete();
        client.close();
    }

    @Test
    void autoModeDetectsServerSideApplyAndRecordsTheServicesFieldManager() {
        Applier applier = new Applier(client, "sealcloud-test", ApplyMode.AUTO);

        ConfigMap applied = applier.apply(configMap("cm-auto", Map.of("color", "blue"), Map.of("team", "a")));

        assertThat(applier.effectiveMode()).isEqualTo(ApplyMode.SERVER_SIDE);
        assertThat(applied.getData()).containsEntry("color", "blue");
        assertThat(applied.getMetadata().getManagedFields())
                .extracting(ManagedFieldsEntry::getManager, ManagedFieldsEntry::getOperation)
                .contains(org.assertj.core.groups.Tuple.tuple("sealcloud-test", "Apply"));
    }

    @Test
    void aFieldTheServiceStopsApplyingIsRemovedWhileAnotherManagersFieldStays() {
        Applier applier = new Applier(client, "sealcloud-test", ApplyMode.SERVER_SIDE);
        applier.apply(configMap("cm-owned", Map.of("color", "blue", "size", "L"), Map.of("team", "a")));
        // Another writer (a person with kubectl) adds a label of their own.
        client.configMaps().inNamespace(namespace).withName("cm-owned").edit(cm -> {
            cm.getMetadata().getLabels().put("owner", "someone-else");
            return cm;
        });

        ConfigMap applied = applier.apply(configMap("cm-owned", Map.of("color", "red"), Map.of("team", "a")));

        assertThat(applied.getData()).containsExactlyEntriesOf(Map.of("color", "red"));
        assertThat(applied.getMetadata().getLabels()).containsEntry("owner", "someone-else");
    }

    @Test
    void applyingTheSameDesiredStateTwiceChangesNothing() {
        Applier applier = new Applier(client, "sealcloud-test", ApplyMode.SERVER_SIDE);
        ConfigMap first = applier.apply(configMap("cm-same", Map.of("color", "green"), Map.of("team", "b")));

        ConfigMap second = applier.apply(configMap("cm-same", Map.of("color", "green"), Map.of("team", "b")));

        assertThat(second.getMetadata().getResourceVersion())
                .isEqualTo(first.getMetadata().getResourceVersion());
    }

    private static ConfigMap configMap(String name, Map<String, String> data, Map<String, String> labels) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withData(data)
                .build();
    }
}
