package io.sealcloud.accounts.operator.model;

import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;

/**
 * The owner's Role: everything inside the workspace's namespace. The quota, limit range and network policies bound
 * what "everything" can consume or reach; Pod Security bounds what pods may do.
 */
public final class DesiredOwnerRole {

    public static final String NAME = "sealcloud-owner";

    private DesiredOwnerRole() {}

    public static Role of(Workspace workspace) {
        return new RoleBuilder()
                .withMetadata(WorkspaceObjects.childMeta(workspace, NAME))
                .withRules(new PolicyRuleBuilder()
                        .withApiGroups("*")
                        .withResources("*")
                        .withVerbs("*")
                        .build())
                .build();
    }
}
