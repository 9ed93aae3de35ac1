package io.sealcloud.metering.repository;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Metering's local projection of accounts' facts: workspaces (owner, namespace, deleted), memberships, each
 * workspace's suspension and the debt state of each account. Written only by the accounts-events consumer (inside its
 * inbox transaction); events may arrive out of order across keys, so every write keeps the newest fact by its event
 * time.
 *
 * <p>Suspended means: accounts' latest {@code workspace.suspension-changed} says so (any reason: debt, ops); for a
 * workspace that has had no such event yet, the owner's account being in {@code debt}, {@code debt-deletion} or
 * {@code final-deletion} (what accounts announced before it published suspension events).
 */
@ApplicationScoped
public class WorkspaceProjection {

    /** Debt states in which accounts has suspended the workloads: nothing costs money then. */
    public static final List<String> SUSPENDED_STATES = List.of("debt", "debt-deletion", "final-deletion");

    /** A workspace as metering knows it; {@code suspensionReasons} is empty unless it is suspended. */
    public record WorkspaceFacts(
            String id,
            String ownerId,
            String namespace,
            boolean deleted,
            boolean suspended,
            List<String> suspensionReasons) {}

    /**
     * The reasons a workspace is suspended, as SQL over aliases {@code w} (workspaces), {@code s}
     * (workspace_suspensions) and {@code d} (account_debt_states): the suspension event's reasons when the workspace
     * has had one, else {@code 'debt'} while the owner's account is in a suspending debt state, else ''.
     */
    private static final String REASONS_SQL = """
            CASE WHEN s.workspace_id IS NOT NULL THEN s.reasons
                 WHEN d.state IN ('debt', 'debt-deletion', 'final-deletion') THEN 'debt'
                 ELSE '' END""";

    private static final String SUSPENDED_SQL = """
            CASE WHEN s.workspace_id IS NOT NULL THEN s.suspended
                 ELSE coalesce(d.state IN ('debt', 'debt-deletion', 'final-deletion'), false) END""";

    private static final String FACTS_FROM = """
            FROM workspaces w
            LEFT JOIN workspace_suspensions s ON s.workspace_id = w.id
            LEFT JOIN account_debt_states d ON d.account_id = w.owner_id""";

    public Uni<Void> workspaceCreated(String id, String ownerId, String namespace, Instant createdAt) {
        return Sql.update("""
                        INSERT INTO workspaces (id, owner_id, namespace, created_at) VALUES (:id, :owner, :ns, :at)
                        ON CONFLICT (id) DO UPDATE SET owner_id = excluded.owner_id, namespace = excluded.namespace
                        """, Map.of("id", id, "owner", ownerId, "ns", namespace, "at", createdAt))
                // The owner is a member from the start (accounts' member.added for the owner may come later or never).
                .chain(() -> memberAdded(id, ownerId, "owner", createdAt));
    }

    public Uni<Void> workspaceDeleted(String id, String namespace, Instant deletedAt) {
        return Sql.update("""
                        INSERT INTO workspaces (id, owner_id, namespace, created_at, deleted_at)
                        VALUES (:id, '', :ns, :at, :at)
                        ON CONFLICT (id) DO UPDATE SET deleted_at = excluded.deleted_at
                        """, Map.of("id", id, "ns", namespace == null ? "ns-" + id : namespace, "at", deletedAt))
                .chain(() -> Sql.update("DELETE FROM workspace_members WHERE workspace_id = :id", Map.of("id", id)))
                .replaceWithVoid();
    }

    public Uni<Void> memberAdded(String workspaceId, String userId, String role, Instant at) {
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

    public Uni<Void> debtStateChanged(String accountId, String state, Instant at) {
        return Sql.update("""
                        INSERT INTO account_debt_states (account_id, state, changed_at) VALUES (:id, :state, :at)
                        ON CONFLICT (account_id) DO UPDATE SET state = excluded.state, changed_at = excluded.changed_at
                        WHERE account_debt_states.changed_at <= excluded.changed_at
                        """, Map.of("id", accountId, "state", state, "at", at))
                .replaceWithVoid();
    }

    /**
     * Keeps the workspace's latest suspension state (the event carries all of it, so the newest {@code changedAt}
     * replaces whatever was known; an older event changes nothing).
     */
    public Uni<Void> suspensionChanged(String workspaceId, boolean suspended, List<String> reasons, Instant at) {
        String joined = suspended ? String.join(",", reasons.stream().sorted().toList()) : "";
        return Sql.update("""
                        INSERT INTO workspace_suspensions (workspace_id, suspended, reasons, changed_at)
                        VALUES (:ws, :suspended, :reasons, :at)
                        ON CONFLICT (workspace_id) DO UPDATE SET suspended = excluded.suspended,
                            reasons = excluded.reasons, changed_at = excluded.changed_at
                        WHERE workspace_suspensions.changed_at <= excluded.changed_at
                        """, Map.of("ws", workspaceId, "suspended", suspended, "reasons", joined, "at", at))
                .replaceWithVoid();
    }

    /** Whether the user is a member of the (not deleted) workspace. */
    public Uni<Boolean> isMember(String workspaceId, String userId) {
        return Sql.rows("""
                        SELECT 1 FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id
                        WHERE m.workspace_id = :ws AND m.user_id = :user AND w.deleted_at IS NULL
                        """, Map.of("ws", workspaceId, "user", userId)).map(rows -> !rows.isEmpty());
    }

    public Uni<Optional<WorkspaceFacts>> find(String workspaceId) {
        return Sql.rows(
                        "SELECT w.id, w.owner_id, w.namespace, w.deleted_at IS NOT NULL, " + SUSPENDED_SQL + ", "
                                + REASONS_SQL + " " + FACTS_FROM + " WHERE w.id = :ws",
                        Map.of("ws", workspaceId))
                .map(rows -> rows.stream().findFirst().map(r -> {
                    boolean suspended = (Boolean) r[4];
                    String reasons = Sql.text(r[5]);
                    return new WorkspaceFacts(
                            Sql.text(r[0]),
                            Sql.text(r[1]),
                            Sql.text(r[2]),
                            (Boolean) r[3],
                            suspended,
                            !suspended || reasons == null || reasons.isEmpty()
                                    ? List.of()
                                    : List.of(reasons.split(",")));
                }));
    }

    /**
     * Workspaces whose objects cost nothing now: deleted or suspended (for any reason). A suspension event for a
     * workspace not projected yet counts too: its objects are not charged while it says suspended.
     */
    public Uni<Set<String>> notBillable() {
        return Sql.rows(
                        "SELECT w.id, 0 " + FACTS_FROM + " WHERE w.deleted_at IS NOT NULL OR " + SUSPENDED_SQL
                                + " UNION SELECT workspace_id, 0 FROM workspace_suspensions WHERE suspended",
                        Map.of())
                .map(rows -> {
                    Set<String> ids = new HashSet<>();
                    for (Object row : rows) {
                        ids.add(Sql.text(row instanceof Object[] cells ? cells[0] : row));
                    }
                    return ids;
                });
    }
}
