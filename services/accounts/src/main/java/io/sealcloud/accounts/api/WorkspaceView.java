package io.sealcloud.accounts.api;

import io.sealcloud.accounts.domain.WorkspaceInfo;
import io.sealcloud.accounts.service.WorkspaceService;
import java.time.Instant;

/**
 * A workspace as one of its members sees it.
 *
 * @param role the caller's role in it
 * @param ready whether its namespace and guard rails are in place now
 * @param phase Pending (not seen by the controller yet), Provisioning or Ready
 * @param message why it is not ready, when it is not
 */
public record WorkspaceView(
        String id,
        String name,
        String displayName,
        String kind,
        String role,
        String namespace,
        boolean ready,
        String phase,
        String message,
        Instant createdAt) {

    static WorkspaceView of(WorkspaceInfo info) {
        return new WorkspaceView(
                info.id(),
                info.name(),
                info.displayName(),
                info.kind().wire(),
                info.role() == null ? null : info.role().wire(),
                info.namespace(),
                WorkspaceService.PHASE_READY.equals(info.phase()),
                info.phase(),
                info.statusMessage(),
                info.createdAt());
    }
}
