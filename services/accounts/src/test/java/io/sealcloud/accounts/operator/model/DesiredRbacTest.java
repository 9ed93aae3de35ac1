package io.sealcloud.accounts.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import io.sealcloud.accounts.operator.crd.v1alpha1.WorkspaceMember;
import io.sealcloud.accounts.operator.model.DesiredRoles.Tier;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DesiredRbacTest {

    private static final String MEMBERS_NS = "sealcloud-members";
    private static final String DEV_ID = "9d3b7e2a-41c6-4b8f-a0e5-6c2f1d8b7a34";

    @Test
    void hashesUserIdsThatAreNoShortDnsLabel() {
        String name = DesiredServiceAccount.name("Alice@Example.COM");

        assertThat(name).matches("^u-[0-9a-f]{40}$");
        assertThat(DesiredServiceAccount.name("alice@example.com")).isNotEqualTo(name);
        assertThat(DesiredServiceAccount.name(TestWorkspaces.OWNER_ID)).isEqualTo("u-" + TestWorkspaces.OWNER_ID);
        assertThat(DesiredServiceAccount.name("a".repeat(41))).matches("^u-[0-9a-f]{40}$");
    }

    @Test
    void makesThreeRolesInTheWorkspaceNamespace() {
        List<Role> roles = DesiredRoles.of(TestWorkspaces.workspace());

        assertThat(roles)
                .extracting(r -> r.getMetadata().getName(), r -> r.getMetadata().getNamespace())
                .containsExactly(
                        tuple("sealcloud-owner", "ns-" + TestWorkspaces.ID),
                        tuple("sealcloud-manager", "ns-" + TestWorkspaces.ID),
                        tuple("sealcloud-developer", "ns-" + TestWorkspaces.ID));
    }

    @ParameterizedTest
    @EnumSource(Tier.class)
    void noRoleEverHoldsAWildcardEscalateBindOrImpersonate(Tier tier) {
        for (PolicyRule rule : DesiredRoles.rules(tier)) {
            assertThat(rule.getVerbs()).doesNotContainAnyElementsOf(DesiredRoles.FORBIDDEN_VERBS);
            assertThat(rule.getResources()).doesNotContain("*");
            assertThat(rule.getApiGroups()).doesNotContain("*");
        }
    }

    @ParameterizedTest
    @EnumSource(Tier.class)
    void noRoleWritesTheGuardRailsThePlatformOwns(Tier tier) {
        assertThat(can(tier, "", "resourcequotas", "update")).isFalse();
        assertThat(can(tier, "", "limitranges", "create")).isFalse();
        assertThat(can(tier, "networking.k8s.io", "networkpolicies", "delete")).isFalse();
        assertThat(can(tier, "", "resourcequotas", "get")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Tier.class)
    void everyRoleDeploysAndDebugsWorkloads(Tier tier) {
        assertThat(can(tier, "apps", "deployments", "create")).isTrue();
        assertThat(can(tier, "apps", "statefulsets", "patch")).isTrue();
        assertThat(can(tier, "batch", "cronjobs", "create")).isTrue();
        assertThat(can(tier, "", "services", "create")).isTrue();
        assertThat(can(tier, "", "configmaps", "update")).isTrue();
        assertThat(can(tier, "", "persistentvolumeclaims", "create")).isTrue();
        assertThat(can(tier, "", "pods/exec", "create")).isTrue();
        assertThat(can(tier, "", "pods/log", "get")).isTrue();
    }

    @Test
    void rolesDifferAsTheMatrixSays() {
        assertThat(can(Tier.OWNER, "rbac.authorization.k8s.io", "rolebindings", "create"))
                .isTrue();
        assertThat(can(Tier.OWNER, "", "secrets", "get")).isTrue();
        assertThat(can(Tier.OWNER, "", "serviceaccounts", "create")).isTrue();

        assertThat(can(Tier.MANAGER, "rbac.authorization.k8s.io", "rolebindings", "create"))
                .isFalse();
        assertThat(can(Tier.MANAGER, "rbac.authorization.k8s.io", "roles", "get"))
                .isTrue();
        assertThat(can(Tier.MANAGER, "", "secrets", "create")).isTrue();
        assertThat(can(Tier.MANAGER, "", "serviceaccounts", "create")).isFalse();

        assertThat(can(Tier.DEVELOPER, "rbac.authorization.k8s.io", "rolebindings", "get"))
                .isFalse();
        assertThat(can(Tier.DEVELOPER, "", "secrets", "get")).isFalse();
        assertThat(can(Tier.DEVELOPER, "", "secrets", "list")).isFalse();
        assertThat(can(Tier.DEVELOPER, "", "serviceaccounts", "create")).isFalse();
    }

    @Test
    void putsEachMembersServiceAccountInThePlatformNamespace() {
        Workspace workspace = withDeveloper();
        ServiceAccount account = DesiredMemberAccess.serviceAccount(
                workspace, new WorkspaceMember(DEV_ID, "lena", "developer"), MEMBERS_NS);

        assertThat(account.getMetadata().getName()).isEqualTo(TestWorkspaces.ID + "-u-" + DEV_ID);
        assertThat(account.getMetadata().getNamespace()).isEqualTo(MEMBERS_NS);
        assertThat(account.getMetadata().getLabels())
                .containsEntry("sealcloud.io/workspace", TestWorkspaces.ID)
                .containsEntry(DesiredMemberAccess.MEMBER_LABEL, "u-" + DEV_ID);
        assertThat(account.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(TestWorkspaces.UID));
        assertThat(account.getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void bindsTheMembersRoleToTheirOidcSubjectAndServiceAccount() {
        RoleBinding binding = DesiredMemberAccess.roleBinding(
                withDeveloper(), new WorkspaceMember(DEV_ID, "lena", "developer"), "oidc:", MEMBERS_NS);

        assertThat(binding.getMetadata().getName()).isEqualTo("sealcloud-developer-u-" + DEV_ID);
        assertThat(binding.getMetadata().getNamespace()).isEqualTo("ns-" + TestWorkspaces.ID);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo("sealcloud-developer");
        assertThat(binding.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
        assertThat(binding.getSubjects())
                .extracting(Subject::getKind, Subject::getName, Subject::getNamespace)
                .containsExactlyInAnyOrder(
                        tuple("User", "oidc:" + DEV_ID, null),
                        tuple("ServiceAccount", TestWorkspaces.ID + "-u-" + DEV_ID, MEMBERS_NS));
    }

    @Test
    void aRoleChangeGivesADifferentBindingName() {
        assertThat(DesiredMemberAccess.bindingName(Tier.MANAGER, DEV_ID))
                .isNotEqualTo(DesiredMemberAccess.bindingName(Tier.DEVELOPER, DEV_ID));
    }

    @Test
    void usesTheConfiguredUserPrefix() {
        RoleBinding binding = DesiredMemberAccess.roleBinding(
                withDeveloper(), new WorkspaceMember(DEV_ID, "lena", "developer"), "keycloak#", MEMBERS_NS);

        assertThat(binding.getSubjects())
                .filteredOn(s -> "User".equals(s.getKind()))
                .extracting(Subject::getName)
                .containsExactly("keycloak#" + DEV_ID);
    }

    @Test
    void anOlderResourceWithoutMembersHasItsOwnerAlone() {
        assertThat(DesiredMemberAccess.members(TestWorkspaces.workspace()))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.getId()).isEqualTo(TestWorkspaces.OWNER_ID);
                    assertThat(m.getRole()).isEqualTo("owner");
                });
    }

    private static Workspace withDeveloper() {
        Workspace workspace = TestWorkspaces.workspace();
        workspace
                .getSpec()
                .setMembers(List.of(
                        new WorkspaceMember(TestWorkspaces.OWNER_ID, TestWorkspaces.OWNER_USERNAME, "owner"),
                        new WorkspaceMember(DEV_ID, "lena", "developer")));
        return workspace;
    }

    /** What RBAC would answer for this verb on this resource, from the tier's rules (no wildcards exist). */
    private static boolean can(Tier tier, String group, String resource, String verb) {
        return DesiredRoles.rules(tier).stream()
                .anyMatch(rule -> rule.getApiGroups().contains(group)
                        && rule.getResources().contains(resource)
                        && rule.getVerbs().contains(verb));
    }
}
