package io.sealcloud.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client-side path and the auto-mode switch, against the fabric8 mock API server in CRUD mode (no SSA there). */
@EnableKubernetesMockClient(crud = true)
class ApplierClientSideTest {

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void autoModeSwitchesToClientSideWhenTheServerLacksServerSideApply() {
        Applier applier = new Applier(client, "sealcloud-test", ApplyMode.AUTO);

        ConfigMap created = applier.apply(configMap(Map.of("app", "demo"), Map.of("color", "red")));

        assertThat(applier.effectiveMode()).isEqualTo(ApplyMode.CLIENT_SIDE);
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(client.configMaps().inNamespace("ns1").withName("cm1").get().getData())
                .containsExactlyEntriesOf(Map.of("color", "red"));
    }

    @Test
    void autoModeSwitchesOnUnsupportedMediaTypeForAnExistingObject() {
        client.resource(configMap(Map.of(), Map.of("color", "red"))).create();
        Applier applier = new Applier(client, "sealcloud-test", ApplyMode.AUTO);

        ConfigMap applied = applier.apply(configMap(Map.of(), Map.of("color", "blue")));

        assertThat(applier.effectiveMode()).isEqualTo(ApplyMode.CLIENT_SIDE);
        assertThat(applied.getData()).containsEntry("color", "blue");
    }

    @Test
    void mergesLabelsAndAnnotationsButReplacesTheDesiredTopLevelFields() {
        ConfigMap live = configMap(Map.of("keep", "me", "app", "old"), Map.of("stale", "x"));
        live.getMetadata().setAnnotations(Map.of("someone.else/note", "kept"));
        client.resource(live).create();
        Applier applier = new Applier(client, "sealcloud-test", ApplyMode.CLIENT_SIDE);

        ConfigMap desired = configMap(Map.of("app", "new"), Map.of("color", "blue"));
        desired.getMetadata().setAnnotations(Map.of("sealcloud.io/owner", "me"));
        ConfigMap applied = applier.apply(desired);

        assertThat(applied.getMetadata().getLabels())
                .containsExactlyInAnyOrderEntriesOf(Map.of("keep", "me", "app", "new"));
        assertThat(applied.getMetadata().getAnnotations())
                .containsExactlyInAnyOrderEntriesOf(Map.of("someone.else/note", "kept", "sealcloud.io/owner", "me"));
        assertThat(applied.getData()).containsExactlyEntriesOf(Map.of("color", "blue"));
    }

    @Test
    void leavesTopLevelFieldsTheDesiredObjectDoesNotSet() {
        ConfigMap live = configMap(Map.of(), Map.of("color", "red"));
        live.setBinaryData(Map.of("logo", "AAEC"));
        client.resource(live).create();

        ConfigMap applied = new Applier(client, "sealcloud-test", ApplyMode.CLIENT_SIDE)
                .apply(configMap(Map.of(), Map.of("color", "blue")));

        assertThat(applied.getBinaryData()).containsEntry("logo", "AAEC");
    }

    @Test
    void writesNothingWhenTheLiveObjectAlreadyMatches() {
        Applier applier = new Applier(client, "sealcloud-test", ApplyMode.CLIENT_SIDE);
        ConfigMap first = applier.apply(configMap(Map.of("app", "demo"), Map.of("color", "red")));

        ConfigMap second = applier.apply(configMap(Map.of("app", "demo"), Map.of("color", "red")));

        assertThat(second.getMetadata().getResourceVersion())
                .isEqualTo(first.getMetadata().getResourceVersion());
    }

    @Test
    void mergesOwnerReferencesByUidAndFinalizersAsASet() {
        ConfigMap live = configMap(Map.of(), Map.of("color", "red"));
        live.getMetadata().setFinalizers(java.util.List.of("a.example/one"));
        live.getMetadata()
                .setOwnerReferences(java.util.List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind("Secret")
                        .withName("other")
                        .withUid("uid-other")
                        .build()));
        client.resource(live).create();
        ConfigMap desired = configMap(Map.of(), Map.of("color", "red"));
        desired.getMetadata().setFinalizers(java.util.List.of("a.example/one", "b.example/two"));
        desired.getMetadata()
                .setOwnerReferences(java.util.List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                        .withApiVersion("test.sealcloud.io/v1alpha1")
                        .withKind("Widget")
                        .withName("w")
                        .withUid("uid-w")
                        .build()));

        ConfigMap applied = new Applier(client, "sealcloud-test", ApplyMode.CLIENT_SIDE).apply(desired);

        assertThat(applied.getMetadata().getFinalizers()).containsExactly("a.example/one", "b.example/two");
        assertThat(applied.getMetadata().getOwnerReferences())
                .extracting(r -> r.getUid())
                .containsExactly("uid-other", "uid-w");
    }

    private static ConfigMap configMap(Map<String, String> labels, Map<String, String> data) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace("ns1")
                .withName("cm1")
                .withLabels(labels)
                .endMetadata()
                .withData(data)
                .build();
    }
}
