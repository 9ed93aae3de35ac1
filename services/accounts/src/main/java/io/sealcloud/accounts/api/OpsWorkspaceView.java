package io.sealcloud.accounts.api;

import io.sealcloud.accounts.domain.WorkspaceState;
import java.time.Instant;
import java.util.List;

/** A workspace as ops sees it: with its owner, suspension reasons and quota overrides. */
public record OpsWorkspaceView(
        String id,
        String name,
        String displayName,
        String kind,
        String ownerId,
        String ownerUsername,
        String namespace,
        String phase,
        boolean suspended,
        List<String> suspensionReasons,
        QuotaRequest quota,
        Instant createdAt) {

    static OpsWorkspaceView of(WorkspaceState state) {
        var w = state.workspace();
        return new OpsWorkspaceView(
                w.id(),
                w.name(),
                w.displayName(),
                w.kind().wire(),
                w.ownerId(),
                w.ownerUsername(),
                w.namespace(),
                w.phase(),
                state.suspended(),
                List.copyOf(state.suspensionReasons()),
                QuotaRequest.of(state.quota()),
                w.createdAt());
    }
}
