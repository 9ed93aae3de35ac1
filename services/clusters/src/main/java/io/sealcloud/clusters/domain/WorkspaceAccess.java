package io.sealcloud.clusters.domain;

import io.sealcloud.platform.tenancy.WorkspaceRole;
import java.util.List;

/**
 * A workspace as the clusters service knows it from accounts' events, seen by one caller, with what the caller's role
 * may do: every member reads; owners and managers create, change and delete clusters (a cluster is billed
 * infrastructure, like members and billing, which developers do not manage either).
 */
public record WorkspaceAccess(
        String id, String namespace, WorkspaceRole role, boolean suspended, List<String> suspensionReasons) {

    public boolean mayManageClusters() {
        return role == WorkspaceRole.OWNER || role == WorkspaceRole.MANAGER;
    }
}
