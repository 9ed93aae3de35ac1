package io.sealcloud.accounts.service;

import io.sealcloud.accounts.domain.Workspace;
import io.sealcloud.accounts.domain.WorkspaceRole;
import io.sealcloud.contracts.accounts.AccountsEvents;
import io.sealcloud.contracts.accounts.MemberAddedV1;
import io.sealcloud.contracts.accounts.MemberChangedV1;
import io.sealcloud.contracts.accounts.MemberRemovedV1;
import io.sealcloud.contracts.accounts.WorkspaceCreatedV1;
import io.sealcloud.contracts.accounts.WorkspaceDeletedV1;
import io.sealcloud.contracts.accounts.WorkspaceOwnerChangedV1;
import io.sealcloud.contracts.accounts.WorkspaceReadyV1;
import io.sealcloud.contracts.accounts.WorkspaceSuspensionChangedV1;
import io.sealcloud.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.SortedSet;

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

    public Uni<Void> memberAdded(
            String workspaceId, String userId, String username, WorkspaceRole role, String by, Instant at) {
        return outbox.append(
                AccountsEvents.MEMBER_ADDED,
                workspaceId,
                workspaceId,
                new MemberAddedV1(workspaceId, userId, username, role.wire(), by, at));
    }

    public Uni<Void> memberChanged(
            String workspaceId, String userId, WorkspaceRole role, WorkspaceRole previous, String by, Instant at) {
        return outbox.append(
                AccountsEvents.MEMBER_CHANGED,
                workspaceId,
                workspaceId,
                new MemberChangedV1(workspaceId, userId, role.wire(), previous.wire(), by, at));
    }

    /** The workspace is {@code newOwnerId}'s from {@code at} on (the account that pays follows the owner). */
    public Uni<Void> ownerChanged(String workspaceId, String previousOwnerId, String newOwnerId, Instant at) {
        return outbox.append(
                AccountsEvents.WORKSPACE_OWNER_CHANGED,
                workspaceId,
                workspaceId,
                new WorkspaceOwnerChangedV1(workspaceId, previousOwnerId, newOwnerId, at));
    }

    public Uni<Void> memberRemoved(String workspaceId, String userId, WorkspaceRole role, String by, Instant at) {
        return outbox.append(
                AccountsEvents.MEMBER_REMOVED,
                workspaceId,
                workspaceId,
                new MemberRemovedV1(workspaceId, userId, role.wire(), by, at));
    }

    public Uni<Void> deleted(String workspaceId, String namespace, String by, Instant at) {
        return outbox.append(
                AccountsEvents.WORKSPACE_DELETED,
                workspaceId,
                workspaceId,
                new WorkspaceDeletedV1(workspaceId, namespace, by, at));
    }

    /** The whole current suspension state of a workspace (suspended while any reason holds). */
    public Uni<Void> suspensionChanged(String workspaceId, String namespace, SortedSet<String> reasons, Instant at) {
        return outbox.append(
                AccountsEvents.WORKSPACE_SUSPENSION_CHANGED,
                workspaceId,
                workspaceId,
                new WorkspaceSuspensionChangedV1(workspaceId, namespace, !reasons.isEmpty(), List.copyOf(reasons), at));
    }
}
