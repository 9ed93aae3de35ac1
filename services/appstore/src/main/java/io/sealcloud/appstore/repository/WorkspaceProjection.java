package io.sealcloud.appstore.repository;

import io.sealcloud.appstore.domain.workspace.WorkspaceFacts;
import io.sealcloud.appstore.domain.workspace.WorkspaceRole;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The app store's projection of accounts' facts: workspaces (owner, namespace, deleted), memberships and suspension.
 * Written only by the accounts-events consumer (inside its inbox transaction). Events of one workspace share a
 * partition but may still be redelivered or, after a relay retry, reordered: every write keeps the newest fact by its
 * event time, and a deleted workspace never comes back.
 */
@ApplicationScoped
public class WorkspaceProjection {

    public Uni<Void> workspaceCreated(String id, String ownerId, String namespace, Instant createdAt) {
        return Sql.update("""
                        INSERT INTO workspaces (id, owner_id, namespace, created_at) VALUES (:id, :owner, :ns, :at)
                        ON CONFLICT (id) DO UPDATE SET owner_id = excluded.owner_id, namespace = excluded.namespace,
                            created_at = excluded.created_at
                        """, Map.of("id", id, "owner", ownerId, "ns", namespace, "at", createdAt))
                // The owner is a member from the start; accounts' member.added for the owner says so again.
                .chain(() -> memberAdded(id, ownerId, "owner", createdAt));
    }

    public Uni<Void> workspaceDeleted(String id, String namespace, Instant deletedAt) {
        return Sql.update("""
                        INSERT INTO workspaces (id, namespace, deleted_at) VALUES (:id, :ns, :at)
                        ON CONFLICT (id) DO UPDATE SET deleted_at = excluded.deleted_at
                        """, Map.of("id", id, "ns", namespace == null ? "ns-" + id : namespace, "at", deletedAt))
                .chain(() -> Sql.update("DELETE FROM workspace_members WHERE workspace_id = :id", Map.of("id", id)))
                .replaceWithVoid();
    }

    public Uni<Void> memberAdded(String workspaceId, String userId, String role, Instant at) {
        WorkspaceRole.parse(role); // an unknown role is a poison event (→ DLQ), not a silent grant
        return Sql.update("""
                        INSERT INTO workspace_members (workspace_id, user_id, role, changed_at)
                        SELECT :ws, :user, :role, :at
                        WHERE NOT EXISTS (SELECT 1 FROM workspaces WHERE id = :ws AND deleted_at IS NOT NULL)
                        ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role,
                            changed_at = excluded.changed_at
                        WHERE workspace_members.changed_at <= excluded.changed_at
                        """, Map.of("ws", workspaceId, "user", userId, "role", role, "at", at))
                .replaceWithVoid();
    }

    public Uni<Void> memberRemoved(String workspaceId, String userId, Instant at) {
        return Sql.update("""
                        DELETE FROM workspace_members
                        WHERE workspace_id = :ws AND user_id = :user AND changed_at <= :at
                        """, Map.of("ws", workspaceId, "user", userId, "at", at))
                .replaceWithVoid();
    }

    /** Keeps the newest suspension state (the event carries the whole state, not a delta). */
    public Uni<Void> suspensionChanged(
            String workspaceId, String namespace, boolean suspended, List<String> reasons, Instant at) {
        String joined = reasons.isEmpty() ? "" : "," + String.join(",", new TreeSet<>(reasons)) + ",";
        return Sql.update(
                        """
                        INSERT INTO workspaces (id, namespace, suspended, suspension_reasons, suspension_changed_at)
                        VALUES (:id, :ns, :suspended, :reasons, :at)
                        ON CONFLICT (id) DO UPDATE SET suspended = excluded.suspended,
                            suspension_reasons = excluded.suspension_reasons,
                            suspension_changed_at = excluded.suspension_changed_at
                        WHERE workspaces.suspension_changed_at IS NULL
                            OR workspaces.suspension_changed_at <= excluded.suspension_changed_at
                        """,
                        Map.of(
                                "id", workspaceId,
                                "ns", namespace == null ? "ns-" + workspaceId : namespace,
                                "suspended", suspended,
                                "reasons", joined,
                                "at", at))
                .replaceWithVoid();
    }

    /** The workspace as the user sees it: empty when it does not exist, is deleted or the user is not a member. */
    public Uni<Optional<WorkspaceFacts>> forMember(String workspaceId, String userId) {
        return Sql.rows("""
                        SELECT w.id, w.namespace, w.suspended, w.suspension_reasons, m.role
                        FROM workspaces w JOIN workspace_members m ON m.workspace_id = w.id
                        WHERE w.id = :ws AND m.user_id = :user AND w.deleted_at IS NULL
                        """, Map.of("ws", workspaceId, "user", userId))
                .map(rows -> rows.stream()
                        .findFirst()
                        .map(r -> new WorkspaceFacts(
                                Sql.text(r[0]),
                                Sql.text(r[1]),
                                (Boolean) r[2],
                                Arrays.stream(Sql.text(r[3]).split(","))
                                        .filter(s -> !s.isEmpty())
                                        .toList(),
                                WorkspaceRole.parse(Sql.text(r[4])))));
    }
}
