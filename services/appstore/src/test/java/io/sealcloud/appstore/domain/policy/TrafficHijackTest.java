package io.sealcloud.appstore.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sealcloud.appstore.domain.template.Rendering;
import io.sealcloud.appstore.domain.template.Samples;
import io.sealcloud.platform.tenancy.WorkspaceRole;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13 item 8: an app's Services and Ingresses cannot take traffic that is not its own — no externalIPs
 * (CVE-2020-8554), no ExternalName, LoadBalancers only as configured, Ingress hosts only the app's own.
 */
class TrafficHijackTest {

    /** App 'blog' of workspace 'acmeabcdef' under apps.sealcloud.test: its host is blog-acmeabcdef.apps.sealcloud.test. */
    private static final TenantPolicy.Placement PLACEMENT =
            new TenantPolicy.Placement("acmeabcdef", "ns-acmeabcdef", "blog", null, WorkspaceRole.OWNER);

    private static final TenantPolicy POLICY = TenantPolicy.defaults("apps.sealcloud.test");

    @Test
    void aServiceWithExternalIpsIsRefused() {
        Map<String, Object> service = object(
                "v1",
                "Service",
                "web",
                Map.of("ports", List.of(Map.of("port", 80)), "externalIPs", List.of("10.96.0.10")));

        assertThat(reason(POLICY, service)).contains("externalIPs").contains("CVE-2020-8554");
    }

    @Test
    void anExternalNameServiceIsRefused() {
        Map<String, Object> service = object(
                "v1", "Service", "proxy", Map.of("type", "ExternalName", "externalName", "kubernetes.default.svc"));

        assertThat(reason(POLICY, service)).contains("ExternalName");
    }

    @Test
    void loadBalancersAreRefusedByDefaultAndCountedWhenAllowed() {
        Map<String, Object> first = object("v1", "Service", "lb1", Map.of("type", "LoadBalancer"));
        Map<String, Object> second = object("v1", "Service", "lb2", Map.of("type", "LoadBalancer"));

        assertThat(reason(POLICY, first)).contains("LoadBalancer");

        TenantPolicy one = new TenantPolicy(TenantPolicy.DEFAULT_ALLOWED, new TrafficRules("apps.sealcloud.test", 1));
        TenantPolicyException refused =
                catchThrowableOfType(TenantPolicyException.class, () -> one.place(List.of(first, second), PLACEMENT));
        assertThat(refused.violations())
                .singleElement()
                .satisfies(v -> assertThat(v.name()).isEqualTo("lb2"))
                .satisfies(v -> assertThat(v.reason()).contains("beyond the 1"));
        assertThat(one.place(List.of(first), PLACEMENT).objects()).hasSize(1);
    }

    @Test
    void anIngressMayUseOnlyItsAppsOwnHostAndNamesUnderIt() {
        for (String host : List.of(
                "blog-acmeabcdef.apps.sealcloud.test",
                "api-blog-acmeabcdef.apps.sealcloud.test",
                "www.blog-acmeabcdef.apps.sealcloud.test")) {
            assertThat(POLICY.place(List.of(ingress("web", host)), PLACEMENT).objects())
                    .as(host)
                    .hasSize(1);
        }
    }

    @Test
    void anIngressForAnotherTenantsOrThePlatformsHostIsRefused() {
        for (String host : List.of(
                // Another workspace's app, and another app of this workspace's name in another workspace.
                "shop-otherwsxyz.apps.sealcloud.test",
                "blog-otherwsxyz.apps.sealcloud.test",
                // The platform's own hosts.
                "console.apps.sealcloud.test",
                "apps.sealcloud.test",
                // Outside the cloud domain, and a look-alike.
                "www.example.com",
                "blog-acmeabcdef.apps.sealcloud.test.evil.com")) {
            assertThat(reason(POLICY, ingress("web", host)))
                    .as(host)
                    .contains("'" + host + "'")
                    .contains("blog-acmeabcdef.apps.sealcloud.test");
        }
    }

    @ParameterizedTest
    @MethodSource("io.sealcloud.appstore.domain.policy.TenantPolicyTest#samples")
    void everySampleTemplateKeepsToItsOwnHostWhenRenderedForAnApp(String file) {
        // Samples.PLATFORM renders for app 'blog' of workspace 'acme' (SEALCLOUD_APP_HOST blog-acme).
        var rendered = Rendering.start(Samples.spec(file), Samples.PLATFORM, "s")
                .render()
                .objects();

        assertThat(POLICY.place(
                                rendered,
                                new TenantPolicy.Placement("acme", "ns-acme", "blog", null, WorkspaceRole.OWNER))
                        .objects())
                .isNotEmpty();
    }

    @Test
    void anIngressThatAnswersForEveryHostIsRefused() {
        Map<String, Object> noHost = object(
                "networking.k8s.io/v1",
                "Ingress",
                "catch-all",
                Map.of("rules", List.of(Map.of("http", Map.of("paths", List.of())))));
        Map<String, Object> defaultBackend = object(
                "networking.k8s.io/v1",
                "Ingress",
                "default",
                Map.of("defaultBackend", Map.of("service", Map.of("name", "web", "port", Map.of("number", 80)))));

        assertThat(reason(POLICY, noHost)).contains("without a host");
        assertThat(reason(POLICY, defaultBackend)).contains("defaultBackend");
    }

    @Test
    void aTlsSectionForAnotherHostIsRefused() {
        Map<String, Object> ingress = ingress("web", "blog-acmeabcdef.apps.sealcloud.test");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) ingress.get("spec");
        spec.put("tls", List.of(Map.of("hosts", List.of("console.apps.sealcloud.test"), "secretName", "x")));

        assertThat(reason(POLICY, ingress)).contains("spec.tls[0].hosts[0]");
    }

    private static String reason(TenantPolicy policy, Map<String, Object> object) {
        TenantPolicyException refused =
                catchThrowableOfType(TenantPolicyException.class, () -> policy.place(List.of(object), PLACEMENT));
        assertThat(refused).as("refused: %s", object).isNotNull();
        return refused.violations().get(0).reason();
    }

    private static Map<String, Object> ingress(String name, String host) {
        return object(
                "networking.k8s.io/v1",
                "Ingress",
                name,
                Map.of(
                        "rules",
                        List.of(Map.of(
                                "host",
                                host,
                                "http",
                                Map.of(
                                        "paths",
                                        List.of(Map.of(
                                                "path",
                                                "/",
                                                "pathType",
                                                "Prefix",
                                                "backend",
                                                Map.of(
                                                        "service",
                                                        Map.of("name", "web", "port", Map.of("number", 80))))))))));
    }

    private static Map<String, Object> object(String apiVersion, String kind, String name, Map<String, Object> spec) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("apiVersion", apiVersion);
        object.put("kind", kind);
        object.put("metadata", new LinkedHashMap<>(Map.of("name", name)));
        object.put("spec", new LinkedHashMap<>(spec));
        return object;
    }
}
