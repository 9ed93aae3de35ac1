package io.sealcloud.accounts.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import org.junit.jupiter.api.Test;

class DesiredNamespaceTest {

    @Test
    void namesTheNamespaceAfterTheWorkspaceId() {
        Namespace namespace = DesiredNamespace.of(TestWorkspaces.workspace());

        assertThat(namespace.getMetadata().getName()).isEqualTo("ns-" + TestWorkspaces.ID);
        assertThat(namespace.getMetadata().getNamespace()).isNull();
    }

    @Test
    void enforcesAuditsAndWarnsAtTheRestrictedPodSecurityLevel() {
        Namespace namespace = DesiredNamespace.of(TestWorkspaces.workspace());

        assertThat(namespace.getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                .containsEntry("pod-security.kubernetes.io/audit", "restricted")
                .containsEntry("pod-security.kubernetes.io/warn", "restricted");
    }

    @Test
    void labelsTheNamespaceWithItsManagerAndWorkspace() {
        Namespace namespace = DesiredNamespace.of(TestWorkspaces.workspace());

        assertThat(namespace.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "sealcloud-accounts")
                .containsEntry("sealcloud.io/workspace", TestWorkspaces.ID);
    }

    @Test
    void isControlledByTheWorkspace() {
        Namespace namespace = DesiredNamespace.of(TestWorkspaces.workspace());

        assertThat(namespace.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getApiVersion()).isEqualTo("accounts.sealcloud.io/v1alpha1");
            assertThat(owner.getKind()).isEqualTo("Workspace");
            assertThat(owner.getName()).isEqualTo(TestWorkspaces.ID);
            assertThat(owner.getUid()).isEqualTo(TestWorkspaces.UID);
            assertThat(owner.getController()).isTrue();
        });
    }
}
