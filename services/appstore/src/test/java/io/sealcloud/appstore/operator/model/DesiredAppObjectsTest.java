package io.sealcloud.appstore.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.sealcloud.appstore.domain.policy.TenantPolicy;
import io.sealcloud.appstore.domain.policy.TenantPolicyException;
import io.sealcloud.appstore.operator.crd.v1alpha1.AppInstance;
import io.sealcloud.appstore.operator.crd.v1alpha1.AppInstanceSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredAppObjectsTest {

    static AppInstance instance() {
        AppInstance app = new AppInstance();
        app.setMetadata(new ObjectMetaBuilder()
                .withName("memos")
                .withNamespace("ns-w1")
                .withUid("uid-1")
                .build());
        AppInstanceSpec spec = new AppInstanceSpec();
        spec.setWorkspaceId("w1");
        spec.setTemplate("memos");
        spec.setVersion("1.0.0");
        spec.setRevision(1);
        app.setSpec(spec);
        return app;
    }

    static Map<String, Object> deployment(String namespace) {
        return Map.of(
                "apiVersion",
                "apps/v1",
                "kind",
                "Deployment",
                "metadata",
                namespace == null ? Map.of("name", "web") : Map.of("name", "web", "namespace", namespace),
                "spec",
                Map.of("template", Map.of("metadata", Map.of("labels", Map.of("app", "web")))));
    }

    @Test
    void everyObjectIsPlacedInTheInstanceNamespaceLabelledAndOwnedByTheInstance() {
        List<Map<String, Object>> desired =
                DesiredAppObjects.of(instance(), List.of(deployment(null)), TenantPolicy.defaults());

        assertThat(desired).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) desired.get(0).get("metadata");
        assertThat(metadata.get("namespace")).isEqualTo("ns-w1");
        assertThat(metadata.get("labels"))
                .isEqualTo(Map.of(
                        "app.kubernetes.io/managed-by", "sealcloud-appstore",
                        "sealcloud.io/workspace", "w1",
                        "sealcloud.io/app-instance", "memos"));
        assertThat(metadata.get("ownerReferences"))
                .isEqualTo(List.of(Map.of(
                        "apiVersion", "appstore.sealcloud.io/v1alpha1",
                        "kind", "AppInstance",
                        "name", "memos",
                        "uid", "uid-1",
                        "controller", true,
                        "blockOwnerDeletion", true)));
    }

    @Test
    void podTemplatesCarryTheInstanceLabelForMetering() {
        var desired = DesiredAppObjects.of(instance(), List.of(deployment(null)), TenantPolicy.defaults());
        @SuppressWarnings("unchecked")
        var labels = (Map<String, Object>) ((Map<?, ?>)
                        ((Map<?, ?>) ((Map<?, ?>) desired.get(0).get("spec")).get("template")).get("metadata"))
                .get("labels");
        assertThat(labels).containsEntry("sealcloud.io/app-instance", "memos").containsEntry("app", "web");
    }

    @Test
    void aStoredObjectThatNamesAnotherNamespaceIsRefusedAtApplyTime() {
        assertThatThrownBy(() ->
                        DesiredAppObjects.of(instance(), List.of(deployment("kube-system")), TenantPolicy.defaults()))
                .isInstanceOf(TenantPolicyException.class);
    }

    @Test
    void theInputIsNotModified() {
        Map<String, Object> original = deployment(null);
        DesiredAppObjects.of(instance(), List.of(original), TenantPolicy.defaults());
        assertThat(original).isEqualTo(deployment(null));
    }

    @Test
    void objectsAreIdentifiedByGroupKindAndName() {
        assertThat(DesiredAppObjects.identity(deployment(null))).isEqualTo("apps/Deployment/web");
        assertThat(DesiredAppObjects.identity(
                        Map.of("apiVersion", "v1", "kind", "Service", "metadata", Map.of("name", "a"))))
                .isEqualTo("/Service/a");
    }

    @Test
    void portsWithoutAProtocolGetTcpSoThatServerSideApplyAcceptsThem() {
        Map<String, Object> service = Map.of(
                "apiVersion",
                "v1",
                "kind",
                "Service",
                "metadata",
                Map.of("name", "web"),
                "spec",
                Map.of("ports", List.of(Map.of("port", 80), Map.of("port", 53, "protocol", "UDP"))));
        Map<String, Object> deployment = Map.of(
                "apiVersion",
                "apps/v1",
                "kind",
                "Deployment",
                "metadata",
                Map.of("name", "web"),
                "spec",
                Map.of(
                        "template",
                        Map.of(
                                "spec",
                                Map.of(
                                        "initContainers",
                                        List.of(Map.of("name", "init", "ports", List.of(Map.of("containerPort", 1)))),
                                        "containers",
                                        List.of(Map.of(
                                                "name", "web", "ports", List.of(Map.of("containerPort", 8080))))))));

        List<Map<String, Object>> desired =
                DesiredAppObjects.of(instance(), List.of(service, deployment), TenantPolicy.defaults());

        assertThat(desired.get(0))
                .extracting(o -> ((Map<?, ?>) o.get("spec")).get("ports"))
                .isEqualTo(List.of(Map.of("port", 80, "protocol", "TCP"), Map.of("port", 53, "protocol", "UDP")));
        Map<?, ?> podSpec =
                (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) desired.get(1).get("spec")).get("template")).get("spec");
        assertThat(((Map<?, ?>) ((List<?>) podSpec.get("containers")).get(0)).get("ports"))
                .isEqualTo(List.of(Map.of("containerPort", 8080, "protocol", "TCP")));
        assertThat(((Map<?, ?>) ((List<?>) podSpec.get("initContainers")).get(0)).get("ports"))
                .isEqualTo(List.of(Map.of("containerPort", 1, "protocol", "TCP")));
        // The stored revision is not touched.
        assertThat(((Map<?, ?>) service.get("spec")).get("ports"))
                .isEqualTo(List.of(Map.of("port", 80), Map.of("port", 53, "protocol", "UDP")));
    }
}
