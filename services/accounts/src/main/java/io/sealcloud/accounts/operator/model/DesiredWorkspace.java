package io.sealcloud.accounts.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.sealcloud.accounts.domain.MemberInfo;
import io.sealcloud.accounts.domain.QuotaOverrides;
import io.sealcloud.accounts.domain.WorkspaceInfo;
import io.sealcloud.accounts.domain.WorkspaceState;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import io.sealcloud.accounts.operator.crd.v1alpha1.WorkspaceMember;
import io.sealcloud.accounts.operator.crd.v1alpha1.WorkspaceOwner;
import io.sealcloud.accounts.operator.crd.v1alpha1.WorkspaceQuota;
import io.sealcloud.accounts.operator.crd.v1alpha1.WorkspaceSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The Workspace resource a database workspace should have (the database is the source of truth for the spec): owner,
 * members with roles, suspension and ops' quota overrides.
 */
public final class DesiredWorkspace {

    private DesiredWorkspace() {}

    public static Workspace of(WorkspaceState state) {
        WorkspaceInfo info = state.workspace();
        Workspace workspace = new Workspace();
        workspace.setMetadata(new ObjectMetaBuilder()
                .withName(info.id())
                .withLabels(Map.of(
                        WorkspaceObjects.MANAGED_BY_LABEL,
                        WorkspaceObjects.MANAGED_BY,
                        WorkspaceObjects.WORKSPACE_LABEL,
                        info.id()))
                .build());
        WorkspaceSpec spec = new WorkspaceSpec(
                info.displayName(),
                new WorkspaceOwner(info.ownerId(), info.ownerUsername()),
                info.kind().wire(),
                quota(state.quota()));
        // Sorted by user id: the same members always give the same spec (no write, no new generation).
        List<WorkspaceMember> members = new ArrayList<>();
        state.members().stream()
                .sorted(Comparator.comparing(MemberInfo::userId))
                .forEach(m -> members.add(
                        new WorkspaceMember(m.userId(), m.username(), m.role().wire())));
        spec.setMembers(members);
        spec.setSuspended(state.suspended());
        spec.setSuspensionReasons(List.copyOf(state.suspensionReasons()));
        // Unset rather than false: workspaces of paying owners keep the spec (and generation) they had.
        spec.setDeleteWorkloads(state.deleteWorkloads() ? Boolean.TRUE : null);
        workspace.setSpec(spec);
        return workspace;
    }

    /** The overrides as the resource carries them; null when there are none. */
    static WorkspaceQuota quota(QuotaOverrides overrides) {
        if (overrides == null || overrides.isEmpty()) {
            return null;
        }
        return new WorkspaceQuota(
                quantity(overrides.cpu()),
                quantity(overrides.memory()),
                quantity(overrides.storage()),
                overrides.pods(),
                overrides.nodePorts());
    }

    private static Quantity quantity(String value) {
        return value == null ? null : new Quantity(value);
    }
}
