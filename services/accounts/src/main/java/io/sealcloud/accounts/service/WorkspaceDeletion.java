package io.sealcloud.accounts.service;

import io.sealcloud.accounts.domain.Workspace;
import io.sealcloud.accounts.repository.DeletedWorkspaceRepository;
import io.sealcloud.accounts.repository.WorkspaceRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Deletes workspaces in the caller's transaction: a tombstone with the owner (late {@code charge.created} events for
 * the workspace still debit that owner), the row (memberships, invitations and suspensions cascade), {@code
 * workspace.deleted} and the audit entry. The Workspace resource is deleted after the commit (or by the sync), and
 * with it the namespace and everything in it.
 */
@ApplicationScoped
public class WorkspaceDeletion {

    private static final Logger LOG = Logger.getLogger(WorkspaceDeletion.class);

    private final WorkspaceRepository workspaces;
    private final DeletedWorkspaceRepository tombstones;
    private final WorkspaceEvents events;
    private final AuditLog audit;

    public WorkspaceDeletion(
            WorkspaceRepository workspaces,
            DeletedWorkspaceRepository tombstones,
            WorkspaceEvents events,
            AuditLog audit) {
        this.workspaces = workspaces;
        this.tombstones = tombstones;
        this.events = events;
        this.audit = audit;
    }

    /** Deletes one workspace; {@code by} is the deleting user's id or {@link AuditLog#SYSTEM}. */
    public Uni<Void> delete(Workspace workspace, String by, String why, Instant now) {
        return Transactions.current("delete a workspace")
                .chain(() -> tombstones.record(workspace, by, now))
                .chain(() -> workspaces.delete("id", workspace.id))
                .chain(() -> events.deleted(workspace.id, workspace.namespace, by, now))
                .chain(() -> audit.record(
                        by,
                        "workspace.deleted",
                        workspace.id,
                        null,
                        Map.of("name", workspace.name, "namespace", workspace.namespace, "why", why)))
                .invoke(() -> LOG.infof("Deleted workspace %s (by %s: %s)", workspace.id, by, why));
    }

    /** Deletes every workspace {@code ownerId} owns (final deletion); returns their ids. */
    public Uni<List<String>> deleteOwnedBy(String ownerId, String why, Instant now) {
        return workspaces.list("ownerId", ownerId).chain(owned -> {
            Uni<Void> all = Uni.createFrom().voidItem();
            for (Workspace workspace : owned) {
                all = all.chain(() -> delete(workspace, AuditLog.SYSTEM, why, now));
            }
            return all.replaceWith(owned.stream().map(w -> w.id).toList());
        });
    }
}
