package io.sealcloud.appstore.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sealcloud.appstore.domain.template.Rendering;
import io.sealcloud.appstore.domain.template.Samples;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TenantPolicyTest {

    /** For apps under the samples' domain (Samples.PLATFORM). */
    private static final TenantPolicy POLICY = TenantPolicy.defaults("apps.sealcloud.test");

    private static final TenantPolicy.Placement PLACEMENT = new TenantPolicy.Placement(
            "acme",
            "ns-acme",
            "blog",
            new TenantPolicy.OwnerReference("appstore.sealcloud.io/v1alpha1", "AppInstance", "blog", "uid-1"));

    static List<String> samples() {
        return Samples.files();
    }

    private static Map<String, Object> object(String apiVersion, String kind, String name) {
        return new java.util.LinkedHashMap<>(Map.of(
                "apiVersion",
                apiVersion,
                "kind",
                kind,
                "metadata",
                new java.util.LinkedHashMap<>(Map.of("name", name))));
    }

    private static List<PolicyViolation> refused(Map<String, Object>... objects) {
        return catchThrowableOfType(TenantPolicyException.class, () -> POLICY.place(List.of(objects), PLACEMENT))
                .violations();
    }

    @ParameterizedTest
    @MethodSource("samples")
    @SuppressWarnings("unchecked")
    void everySampleIsPlacedIntoTheWorkspaceLabelledAndOwned(String file) {
        List<Map<String, Object>> rendered = Rendering.start(Samples.spec(file), Samples.PLATFORM, "s")
                .render()
                .objects();

        TenantPolicy.Placed placed = POLICY.place(rendered, PLACEMENT);

        assertThat(placed.objects()).isNotEmpty();
        for (Map<String, Object> object : placed.objects()) {
            Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
            assertThat(metadata).containsEntry("namespace", "ns-acme");
            assertThat((Map<String, Object>) metadata.get("labels"))
                    .containsEntry("app.kubernetes.io/managed-by", "sealcloud-appstore")
                    .containsEntry("sealcloud.io/workspace", "acme")
                    .containsEntry("sealcloud.io/app-instance", "blog");
            assertThat((List<Map<String, Object>>) metadata.get("ownerReferences"))
                    .singleElement()
                    .satisfies(ref -> assertThat(ref)
                            .containsEntry("kind", "AppInstance")
                            .containsEntry("uid", "uid-1")
                            .containsEntry("controller", true));
        }
        assertThat(placed.objects()).noneMatch(o -> "App".equals(o.get("kind")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void podTemplatesAndVolumeClaimsCarryTheInstanceLabelForMetering() {
        List<Map<String, Object>> rendered = Rendering.start(Samples.spec("memos.yaml"), Samples.PLATFORM, "s")
                .render()
                .objects();

        Map<String, Object> statefulSet = POLICY.place(rendered, PLACEMENT).objects().stream()
                .filter(o -> "StatefulSet".equals(o.get("kind")))
                .findFirst()
                .orElseThrow();

        Map<String, Object> podLabels =
                (Map<String, Object>) TenantPolicy.path(statefulSet, "spec", "template", "metadata", "labels");
        assertThat(podLabels).containsEntry("sealcloud.io/app-instance", "blog").containsKey("app");
        Map<String, Object> claim = (Map<String, Object>)
                ((List<Object>) TenantPolicy.path(statefulSet, "spec", "volumeClaimTemplates")).get(0);
        assertThat((Map<String, Object>) TenantPolicy.path(claim, "metadata", "labels"))
                .containsEntry("sealcloud.io/app-instance", "blog");
    }

    @Test
    void sealosAppObjectsBecomeLinks() {
        List<Map<String, Object>> rendered = Rendering.start(Samples.spec("kitten-tts.yaml"), Samples.PLATFORM, "s")
                .render()
                .objects();

        assertThat(POLICY.place(rendered, PLACEMENT).links())
                .singleElement()
                .asString()
                .startsWith("https://")
                .endsWith(".apps.sealcloud.test");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRenderedObjectsAreLeftUntouched() {
        Map<String, Object> config = object("v1", "ConfigMap", "c");

        POLICY.place(List.of(config), PLACEMENT);

        assertThat((Map<String, Object>) config.get("metadata")).doesNotContainKey("namespace");
    }

    @Test
    void clusterScopedAndEscapingKindsAreRefused() {
        assertThat(refused(
                        object("v1", "Namespace", "evil"),
                        object("rbac.authorization.k8s.io/v1", "ClusterRole", "admin2"),
                        object("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "admin2"),
                        object("apps/v1", "DaemonSet", "miner"),
                        object("v1", "PersistentVolume", "pv"),
                        object("apiextensions.k8s.io/v1", "CustomResourceDefinition", "x.example.com"),
                        object("v1", "ConfigMap", "fine")))
                .extracting(PolicyViolation::kind)
                .containsExactly(
                        "Namespace",
                        "ClusterRole.rbac.authorization.k8s.io",
                        "ClusterRoleBinding.rbac.authorization.k8s.io",
                        "DaemonSet.apps",
                        "PersistentVolume",
                        "CustomResourceDefinition.apiextensions.k8s.io");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anObjectForAnotherNamespaceIsRefused() {
        Map<String, Object> secret = object("v1", "Secret", "s");
        ((Map<String, Object>) secret.get("metadata")).put("namespace", "kube-system");

        assertThat(refused(secret))
                .singleElement()
                .extracting(PolicyViolation::reason)
                .isEqualTo("targets namespace 'kube-system'; apps are installed only into 'ns-acme'");
    }

    @Test
    void roleBindingsStayInsideTheWorkspace() {
        Map<String, Object> toClusterRole = object("rbac.authorization.k8s.io/v1", "RoleBinding", "a");
        toClusterRole.put("roleRef", Map.of("kind", "ClusterRole", "name", "cluster-admin"));
        Map<String, Object> toUser = object("rbac.authorization.k8s.io/v1", "RoleBinding", "b");
        toUser.put("roleRef", Map.of("kind", "Role", "name", "r"));
        toUser.put("subjects", List.of(Map.of("kind", "User", "name", "someone")));
        Map<String, Object> toForeignAccount = object("rbac.authorization.k8s.io/v1", "RoleBinding", "c");
        toForeignAccount.put("roleRef", Map.of("kind", "Role", "name", "r"));
        toForeignAccount.put(
                "subjects", List.of(Map.of("kind", "ServiceAccount", "name", "default", "namespace", "ns-other")));
        Map<String, Object> fine = object("rbac.authorization.k8s.io/v1", "RoleBinding", "d");
        fine.put("roleRef", Map.of("kind", "Role", "name", "r"));
        fine.put("subjects", List.of(Map.of("kind", "ServiceAccount", "name", "app")));
        Map<String, Object> toAMembersRole = object("rbac.authorization.k8s.io/v1", "RoleBinding", "e");
        toAMembersRole.put("roleRef", Map.of("kind", "Role", "name", "sealcloud-owner"));
        toAMembersRole.put("subjects", List.of(Map.of("kind", "ServiceAccount", "name", "app")));

        assertThat(refused(
                        toClusterRole,
                        toUser,
                        toForeignAccount,
                        fine,
                        toAMembersRole,
                        role("r", rule("", "pods", "get"))))
                .extracting(PolicyViolation::name)
                .containsExactly("a", "b", "c", "e");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aWildcardRoleIsNarrowedToWhatAnAppMayTouchInItsWorkspace() {
        Map<String, Object> everything = role("db", rule("*", "*", "*"));

        Map<String, Object> placed =
                POLICY.place(List.of(everything), PLACEMENT).objects().get(0);

        List<Map<String, Object>> rules = (List<Map<String, Object>>) placed.get("rules");
        List<String> granted = rules.stream()
                .flatMap(r -> ((List<String>) r.get("resources"))
                        .stream().map(resource -> ((List<String>) r.get("apiGroups")).get(0) + "/" + resource))
                .toList();
        assertThat(granted)
                .contains("/pods", "/secrets", "/events", "apps/statefulsets", "coordination.k8s.io/leases")
                .noneMatch(g -> g.contains("resourcequotas")
                        || g.contains("limitranges")
                        || g.contains("networkpolicies")
                        || g.contains("roles")
                        || g.contains("rolebindings")
                        || g.contains("serviceaccounts/token")
                        || g.contains("*"));
        assertThat(rules)
                .allSatisfy(r -> assertThat((List<String>) r.get("verbs"))
                        .doesNotContain("*", "escalate", "bind", "impersonate"));
    }

    @Test
    void aRoleAskingForPlatformResourcesOrVerbsIsRefused() {
        assertThat(refused(
                        role("quota", rule("", "resourcequotas", "update")),
                        role("netpol", rule("networking.k8s.io", "networkpolicies", "delete")),
                        role("rbac", rule("rbac.authorization.k8s.io", "*", "create")),
                        role("escalate", rule("", "pods", "escalate")),
                        role("fine", rule("", "pods", "get"))))
                .extracting(PolicyViolation::name)
                .containsExactly("quota", "netpol", "rbac", "escalate");
    }

    private static Map<String, Object> rule(String group, String resource, String verb) {
        return Map.of("apiGroups", List.of(group), "resources", List.of(resource), "verbs", List.of(verb));
    }

    private static Map<String, Object> role(String name, Map<String, Object> rule) {
        Map<String, Object> role = object("rbac.authorization.k8s.io/v1", "Role", name);
        role.put("rules", List.of(rule));
        return role;
    }
}
