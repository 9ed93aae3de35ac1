package io.sealcloud.appstore.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sealcloud.platform.tenancy.WorkspaceRole;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 7: an app's Role never grants more than the member installing it may do (any member can run a pod as
 * the app's ServiceAccount), and no app writes Endpoints or EndpointSlices (CVE-2021-25740).
 */
class AppRolesBoundByInstallerTest {

    private static final TenantPolicy POLICY = TenantPolicy.defaults("apps.sealcloud.test");

    private static TenantPolicy.Placement by(WorkspaceRole installer) {
        return new TenantPolicy.Placement("acme", "ns-acme", "blog", null, installer);
    }

    @Test
    void aDeveloperCannotGainSecretWriteThroughAnAppsServiceAccount() {
        Map<String, Object> role = role("db", rule("", List.of("secrets"), List.of("get", "create", "update")));

        TenantPolicyException refused = catchThrowableOfType(
                TenantPolicyException.class, () -> POLICY.place(List.of(role), by(WorkspaceRole.DEVELOPER)));

        assertThat(refused.violations()).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo("Role.rbac.authorization.k8s.io");
            assertThat(v.name()).isEqualTo("db");
            assertThat(v.reason())
                    .contains("rules[0]")
                    .contains("'get' on 'secrets'")
                    .contains("a developer may not");
        });
    }

    @Test
    void aWildcardRoleOfADevelopersAppIsNarrowedToWhatDevelopersHold() {
        List<String> granted = granted(POLICY.place(
                        List.of(role("db", rule("*", List.of("*"), List.of("*")))), by(WorkspaceRole.DEVELOPER))
                .objects()
                .get(0));

        assertThat(granted)
                .contains("/pods:create", "/configmaps:update", "apps/statefulsets:patch", "/serviceaccounts:get")
                .doesNotContain("/secrets:get", "/secrets:create", "/serviceaccounts:create", "/events:create")
                .noneMatch(g -> g.startsWith("/endpoints:")
                        && !g.endsWith(":get")
                        && !g.endsWith(":list")
                        && !g.endsWith(":watch"));
    }

    @Test
    void aManagersAppMayUseSecretsButNotCreateServiceAccounts() {
        assertThat(granted(POLICY.place(
                                List.of(role("db", rule("", List.of("secrets"), List.of("get", "create")))),
                                by(WorkspaceRole.MANAGER))
                        .objects()
                        .get(0)))
                .containsExactly("/secrets:get", "/secrets:create");

        TenantPolicyException refused = catchThrowableOfType(
                TenantPolicyException.class,
                () -> POLICY.place(
                        List.of(role("sa", rule("", List.of("serviceaccounts"), List.of("create")))),
                        by(WorkspaceRole.MANAGER)));
        assertThat(refused.violations().get(0).reason()).contains("'create' on 'serviceaccounts'", "a manager");
    }

    @Test
    void anOwnersAppKeepsWhatOwnersHold() {
        assertThat(granted(POLICY.place(
                                List.of(role(
                                        "db",
                                        rule("", List.of("secrets", "serviceaccounts"), List.of("get", "create")))),
                                by(WorkspaceRole.OWNER))
                        .objects()
                        .get(0)))
                .containsExactlyInAnyOrder(
                        "/secrets:get", "/secrets:create", "/serviceaccounts:get", "/serviceaccounts:create");
    }

    @Test
    void noAppWritesEndpointsOrEndpointSlicesWhoeverInstallsIt() {
        TenantPolicy.Placement owner = by(WorkspaceRole.OWNER);
        for (Map<String, Object> rule : List.of(
                rule("", List.of("endpoints"), List.of("create")),
                rule("", List.of("endpoints"), List.of("update", "patch")),
                rule("discovery.k8s.io", List.of("endpointslices"), List.of("create")))) {
            TenantPolicyException refused = catchThrowableOfType(
                    TenantPolicyException.class, () -> POLICY.place(List.of(role("route", rule)), owner));
            assertThat(refused)
                    .as("%s", rule)
                    .isNotNull()
                    .extracting(e -> e.violations().get(0).reason())
                    .asString()
                    .contains("CVE-2021-25740");
        }

        List<String> wildcard = granted(POLICY.place(List.of(role("db", rule("*", List.of("*"), List.of("*")))), owner)
                .objects()
                .get(0));
        assertThat(wildcard)
                .filteredOn(g -> g.startsWith("/endpoints:") || g.startsWith("discovery.k8s.io/endpointslices:"))
                .containsExactlyInAnyOrder(
                        "/endpoints:get",
                        "/endpoints:list",
                        "/endpoints:watch",
                        "discovery.k8s.io/endpointslices:get",
                        "discovery.k8s.io/endpointslices:list",
                        "discovery.k8s.io/endpointslices:watch");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStoredRevisionPlacedAgainIsNarrowedNotRefusedSoTheRunningAppKeepsGoing() {
        // A Role stored before Endpoints became read-only, as the old narrowing wrote it.
        Map<String, Object> stored = role("db", rule("", List.of("endpoints", "pods"), List.of("get", "create")));

        Map<String, Object> placed = POLICY.place(
                        List.of(stored), new TenantPolicy.Placement("acme", "ns-acme", "blog", null))
                .objects()
                .get(0);

        assertThat(granted(placed)).containsExactlyInAnyOrder("/endpoints:get", "/pods:get", "/pods:create");
    }

    @Test
    void whatAnyAppMayGrantIsWithinWhatTheControllerAndTheInstallerHold() {
        for (WorkspaceRole installer : WorkspaceRole.values()) {
            RoleRules.grantable(installer)
                    .forEach((group, resources) -> resources.forEach((resource, verbs) -> {
                        assertThat(RoleRules.CONTROLLER.get(group).get(resource))
                                .containsAll(verbs);
                        assertThat(RoleRules.MEMBER.get(installer).get(group).get(resource))
                                .containsAll(verbs);
                    }));
        }
    }

    /** Every {@code group/resource:verb} a placed Role grants. */
    @SuppressWarnings("unchecked")
    private static List<String> granted(Map<String, Object> role) {
        return ((List<Map<String, Object>>) role.get("rules"))
                .stream()
                        .flatMap(r -> ((List<String>) r.get("resources"))
                                .stream()
                                        .flatMap(resource -> ((List<String>) r.get("verbs"))
                                                .stream()
                                                        .map(verb -> ((List<String>) r.get("apiGroups")).get(0) + "/"
                                                                + resource + ":" + verb)))
                        .toList();
    }

    static Map<String, Object> rule(String group, List<String> resources, List<String> verbs) {
        return Map.of("apiGroups", List.of(group), "resources", resources, "verbs", verbs);
    }

    static Map<String, Object> role(String name, Map<String, Object> rule) {
        Map<String, Object> role = new LinkedHashMap<>();
        role.put("apiVersion", "rbac.authorization.k8s.io/v1");
        role.put("kind", "Role");
        role.put("metadata", new LinkedHashMap<>(Map.of("name", name)));
        role.put("rules", List.of(rule));
        return role;
    }
}
