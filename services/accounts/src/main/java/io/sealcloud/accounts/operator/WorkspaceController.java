package io.sealcloud.accounts.operator;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import io.sealcloud.accounts.operator.model.WorkspaceObjects;
import io.sealcloud.platform.operator.Controller;
import io.sealcloud.platform.operator.Controllers;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The Workspace controller: started by the platform under leader election. Every child kind is watched (filtered by
 * the workspace label) so that deleting or changing a child reconciles its Workspace at once.
 */
public class WorkspaceController {

    @Produces
    @Singleton
    Controller<Workspace> workspaceController(Controllers controllers, WorkspaceReconciler reconciler) {
        String label = WorkspaceObjects.WORKSPACE_LABEL;
        return controllers
                .builder(Workspace.class, reconciler)
                .name("workspace")
                .watchLabeled(Namespace.class, label)
                .watchLabeled(ResourceQuota.class, label)
                .watchLabeled(LimitRange.class, label)
                .watchLabeled(NetworkPolicy.class, label)
                .watchLabeled(ServiceAccount.class, label)
                .watchLabeled(Role.class, label)
                .watchLabeled(RoleBinding.class, label)
                .build();
    }
}
