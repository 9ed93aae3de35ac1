package io.sealcloud.accounts.operator.model;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;

/**
 * Binds the owner's Role to the owner as the API server knows them ({@code User <prefix><username>} from OIDC) and to
 * the owner's ServiceAccount.
 */
public final class DesiredOwnerRoleBinding {

    public static final String NAME = "sealcloud-owner";
    static final String RBAC_GROUP = "rbac.authorization.k8s.io";

    private DesiredOwnerRoleBinding() {}

    public static RoleBinding of(Workspace workspace, String userPrefix) {
        var owner = workspace.getSpec().getOwner();
        return new RoleBindingBuilder()
                .withMetadata(WorkspaceObjects.childMeta(workspace, NAME))
                .withNewRoleRef()
                .withApiGroup(RBAC_GROUP)
                .withKind("Role")
                .withName(DesiredOwnerRole.NAME)
                .endRoleRef()
                .withSubjects(
                        new SubjectBuilder()
                                .withApiGroup(RBAC_GROUP)
                                .withKind("User")
                                .withName(userPrefix + owner.getUsername())
                                .build(),
                        new SubjectBuilder()
                                .withKind("ServiceAccount")
                                .withName(DesiredServiceAccount.name(owner.getId()))
                                .withNamespace(WorkspaceObjects.namespace(workspace))
                                .build())
                .build();
    }
}
