package io.sealcloud.accounts.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import org.junit.jupiter.api.Test;

class DesiredRbacTest {

    @Test
    void namesTheOwnersServiceAccountAfterTheirUserId() {
        ServiceAccount account = DesiredServiceAccount.of(TestWorkspaces.workspace());

        assertThat(account.getMetadata().getName()).isEqualTo("u-" + TestWorkspaces.OWNER_ID);
        assertThat(account.getMetadata().getNamespace()).isEqualTo("ns-" + TestWorkspaces.ID);
    }

    @Test
    void hashesUserIdsThatAreNoDnsLabel() {
        String name = DesiredServiceAccount.name("Alice@Example.COM");

        assertThat(name).matches("^u-[0-9a-f]{40}$");
        assertThat(DesiredServiceAccount.name("alice@example.com")).isNotEqualTo(name);
    }

    @Test
    void givesTheOwnerEverythingInsideTheNamespace() {
        Role role = DesiredOwnerRole.of(TestWorkspaces.workspace());

        assertThat(role.getMetadata().getNamespace()).isEqualTo("ns-" + TestWorkspaces.ID);
        assertThat(role.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("*");
            assertThat(rule.getResources()).containsExactly("*");
            assertThat(rule.getVerbs()).containsExactly("*");
        });
    }

    @Test
    void bindsTheOwnerRoleToTheOidcUserAndTheOwnersServiceAccount() {
        RoleBinding binding = DesiredOwnerRoleBinding.of(TestWorkspaces.workspace(), "oidc:");

        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo(DesiredOwnerRole.NAME);
        assertThat(binding.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
        assertThat(binding.getSubjects())
                .extracting(Subject::getKind, Subject::getName, Subject::getNamespace)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("User", "oidc:" + TestWorkspaces.OWNER_USERNAME, null),
                        org.assertj.core.groups.Tuple.tuple(
                                "ServiceAccount", "u-" + TestWorkspaces.OWNER_ID, "ns-" + TestWorkspaces.ID));
    }

    @Test
    void usesTheConfiguredUserPrefix() {
        RoleBinding binding = DesiredOwnerRoleBinding.of(TestWorkspaces.workspace(), "keycloak#");

        assertThat(binding.getSubjects())
                .filteredOn(s -> "User".equals(s.getKind()))
                .extracting(Subject::getName)
                .containsExactly("keycloak#" + TestWorkspaces.OWNER_USERNAME);
    }
}
