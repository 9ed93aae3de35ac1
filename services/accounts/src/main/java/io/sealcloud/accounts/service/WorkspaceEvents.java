package io.sealcloud.accounts.service;

import io.sealcloud.accounts.domain.Workspace;
import io.sealcloud.contracts.accounts.AccountsEvents;
import io.sealcloud.contracts.accounts.WorkspaceCreatedV1;
import io.sealcloud.contracts.accounts.WorkspaceReadyV1;
import io.sealcloud.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Maps workspace changes to their contract events and appends them to the outbox (in the caller's transaction). */
@ApplicationScoped
public class WorkspaceEvents {

    private final Outbox outbox;

    public WorkspaceEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> created(Workspace workspace) {
        return outbox.append(
                AccountsEvents.WORKSPACE_CREATED,
                workspace.id,
                workspace.id,
                new WorkspaceCreatedV1(
                        workspace.id,
                        workspace.name,
                        workspace.displayName,
                        workspace.kind.wire(),
                        workspace.ownerId,
                        workspace.namespace,
                        workspace.createdAt));
    }

    public Uni<Void> ready(String workspaceId, String namespace, long observedGeneration, Instant readyAt) {
        return outbox.append(
                AccountsEvents.WORKSPACE_READY,
                workspaceId,
                workspaceId,
                new WorkspaceReadyV1(workspaceId, namespace, observedGeneration, readyAt));
    }
}
