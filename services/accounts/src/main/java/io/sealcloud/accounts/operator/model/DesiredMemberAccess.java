package io.sealcloud.accounts.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import io.sealcloud.accounts.operator.crd.v1alpha1.WorkspaceMember;
import java.util.List;
import java.util.Map;

/**
 * Each member's access to a workspace: a RoleBinding in the workspace namespace that binds the member's role to the
 * member's OIDC identity ({@code User <prefix><sub>}) and to the member's ServiceAccount (what kubeconfigs act as).
 *
 * <p>The ServiceAccounts live in a separate namespace of the platform ({@code sealcloud.accounts.rbac
 * .service-account-namespace}), not in the workspace namespace: a pod can run as any ServiceAccount of its own
 * namespace, so a developer could otherwise start a pod as the owner's account and take the owner's rights. A
 * RoleBinding may name a ServiceAccount of another namespace; pods cannot.
 *
 * <p>RoleBindings are named after role and member ({@code sealcloud-developer-u-<id>}): {@code roleRef} is immutable,
 * so a role change creates the new binding and the controller deletes the old one.
 */
public final class DesiredMemberAccess {

    /** Marks the bindings and ServiceAccounts this controller manages per member (value: the member's account name). */
    public static final String MEMBER_LABEL = "accounts.sealcloud.io/member";

    static final String RBAC_GROUP = "rbac.authorization.k8s.io";

    private DesiredMemberAccess() {}

    /** The members the spec names; an older resource without {@code members} has its owner alone. */
    public static List<WorkspaceMember> members(Workspace workspace) {
        var members = workspace.getSpec().getMembers();
        if (members != null && !members.isEmpty()) {
            return members;
        }
        var owner = workspace.getSpec().getOwner();
        return List.of(new WorkspaceMember(owner.getId(), owner.getUsername(), "owner"));
    }

    /** The member's ServiceAccount in the platform's member namespace: {@code <workspace id>-u-<user id>}. */
    public static ServiceAccount serviceAccount(Workspace workspace, WorkspaceMember member, String accountNamespace) {
        Map<String, String> labels = WorkspaceObjects.labels(workspace);
        labels.put(MEMBER_LABEL, DesiredServiceAccount.name(member.getId()));
        return new ServiceAccountBuilder()
                .withMetadata(new ObjectMetaBuilder()
                        .withName(serviceAccountName(workspace.getMetadata().getName(), member.getId()))
                        .withNamespace(accountNamespace)
                        .withLabels(labels)
                        .withOwnerReferences(WorkspaceObjects.ownerReference(workspace))
                        .build())
                // Nothing runs as it; tokens come from the TokenRequest API only.
                .withAutomountServiceAccountToken(false)
                .build();
    }

    /** {@code <workspace id>-u-<user id>} (at most 63 characters: ids ≤ 20, member part ≤ 42). */
    public static String serviceAccountName(String workspaceId, String userId) {
        return workspaceId + "-" + DesiredServiceAccount.name(userId);
    }

    /** The member's RoleBinding in the workspace namespace. */
    public static RoleBinding roleBinding(
            Workspace workspace, WorkspaceMember member, String userPrefix, String accountNamespace) {
        DesiredRoles.Tier tier = DesiredRoles.Tier.of(member.getRole());
        var meta = WorkspaceObjects.childMeta(workspace, bindingName(tier, member.getId()));
        meta.getLabels().put(MEMBER_LABEL, DesiredServiceAccount.name(member.getId()));
        return new RoleBindingBuilder()
                .withMetadata(meta)
                .withNewRoleRef()
                .withApiGroup(RBAC_GROUP)
                .withKind("Role")
                .withName(tier.roleName())
                .endRoleRef()
                .withSubjects(
                        new SubjectBuilder()
                                .withApiGroup(RBAC_GROUP)
                                .withKind("User")
                                .withName(userPrefix + member.getId())
                                .build(),
                        new SubjectBuilder()
                                .withKind("ServiceAccount")
                                .withName(serviceAccountName(
                                        workspace.getMetadata().getName(), member.getId()))
                                .withNamespace(accountNamespace)
                                .build())
                .build();
    }

    /** {@code sealcloud-<role>-u-<user id>}. */
    public static String bindingName(DesiredRoles.Tier tier, String userId) {
        return tier.roleName() + "-" + DesiredServiceAccount.name(userId);
    }
}
