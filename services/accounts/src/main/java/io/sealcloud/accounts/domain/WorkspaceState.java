package io.sealcloud.accounts.domain;

import java.util.List;
import java.util.SortedSet;

/**
 * Everything the database says a workspace's Kubernetes side should be: the workspace, its members, why it is
 * suspended (empty: it is not) and its quota overrides. The Workspace resource is built from this.
 */
public record WorkspaceState(
        WorkspaceInfo workspace, List<MemberInfo> members, SortedSet<String> suspensionReasons, QuotaOverrides quota) {

    public boolean suspended() {
        return !suspensionReasons.isEmpty();
    }
}
