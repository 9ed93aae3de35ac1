package io.sealcloud.accounts.domain;

import java.util.List;
import java.util.SortedSet;

/**
 * Everything the database says a workspace's Kubernetes side should be: the workspace, its members, why it is
 * suspended (empty: it is not), its quota overrides and whether its workloads are to be deleted (the owner's account
 * is in debt-deletion or final-deletion). The Workspace resource is built from this.
 */
public record WorkspaceState(
        WorkspaceInfo workspace,
        List<MemberInfo> members,
        SortedSet<String> suspensionReasons,
        QuotaOverrides quota,
        boolean deleteWorkloads) {

    public boolean suspended() {
        return !suspensionReasons.isEmpty();
    }
}
