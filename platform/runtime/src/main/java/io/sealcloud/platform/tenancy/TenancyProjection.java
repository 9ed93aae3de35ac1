package io.sealcloud.platform.tenancy;

import io.sealcloud.platform.sql.Sql;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A service's local projection of accounts' workspaces, owners, memberships and suspensions, in tables of the service's own
 * schema (shape in {@link #REQUIRED_COLUMNS} and docs/platform/tenancy.md). Written by {@link TenancyEvents} inside the
 * inbox transaction, read to authorize requests ({@link #membership}).
 *
 * <p>Events may be redelivered (the inbox skips those) and, across relay retries or replays, arrive out of order, so
 * every write keeps the newest fact by its event time: a membership's role by {@code changed_at}, a suspension (the
 * event carries the whole state) by {@code changed_at}, the owner by the time it became the owner (every owner is kept
 * with that time in {@code workspace_owners}, so {@link #ownerAt} answers who paid at any moment, and
 * {@code workspaces.owner_id} is the newest); a deleted workspace never comes back and gets no members.
 * All SQL runs in the current Panache session: call it inside a transaction (or, for reads, a session).
 */
@ApplicationScoped
public class TenancyProjection {

    /**
     * The columns this class reads and writes, per table. A service may have more (and constraints of its own, such as
     * a CHECK on {@code role}); {@link #missingColumns()} says what it lacks.
     */
    public static final Map<String, List<String>> REQUIRED_COLUMNS = Map.of(
            "workspaces", List.of("id", "owner_id", "namespace", "created_at", "deleted_at"),
            "workspace_members", List.of("workspace_id", "user_id", "role", "changed_at"),
            "workspace_suspensions", List.of("workspace_id", "suspended", "reasons", "changed_at"),
            "workspace_owners", List.of("workspace_id", "owner_id", "changed_at"));

    /**
     * The owner of workspace {@code w.id} at the time {@code :at}, as a SQL scalar subquery over alias {@code w} (the
     * {@code workspaces} row) for services that join it into queries of their own; null before any owner fact.
     */
    public static final String OWNER_AT_SQL = """
            (SELECT o.owner_id FROM workspace_owners o
             WHERE o.workspace_id = w.id AND o.changed_at <= :at
             ORDER BY o.changed_at DESC LIMIT 1)""";

    /** Records a created workspace; its owner is a member from the start, and its first owner from its creation. */
    public Uni<Void> workspaceCreated(String id, String ownerId, String namespace, Instant createdAt) {
        // On conflict the row came from a workspace.deleted that overtook this event: fill in what deletion did not
        // know, and leave deleted_at alone (a deleted workspace never comes back). The owner is then settled from the
        // owner facts, where a workspace.owner-changed that overtook this event wins (it is newer).
        return Sql.update("""
                        INSERT INTO workspaces (id, owner_id, namespace, created_at) VALUES (:id, :owner, :ns, :at)
                        ON CONFLICT (id) DO UPDATE SET owner_id = excluded.owner_id, namespace = excluded.namespace,
                            created_at = excluded.created_at
                        """, Map.of("id", id, "owner", ownerId, "ns", namespace, "at", createdAt))
                .chain(() -> ownerFact(id, ownerId, createdAt))
                // accounts' member.added for the owner may come later (or, from older producers, never).
                .chain(() -> memberAdded(id, ownerId, WorkspaceRole.OWNER.wireName(), createdAt));
    }

    /**
     * Records that {@code newOwnerId} owns the workspace from {@code at} on (workspace.owner-changed). The fact is
     * kept with its time whatever order events arrive in; {@code workspaces.owner_id} becomes the newest owner. Roles
     * are not touched: accounts sends member.changed for both people in the same transaction.
     */
    public Uni<Void> ownerChanged(String workspaceId, String newOwnerId, Instant at) {
        return ownerFact(workspaceId, newOwnerId, at);
    }

    /** Who owned (paid for) the workspace at {@code at}: the newest owner fact not after it; empty before any. */
    public Uni<Optional<String>> ownerAt(String workspaceId, Instant at) {
        return Sql.rows("""
                        SELECT owner_id, changed_at FROM workspace_owners
                        WHERE workspace_id = :ws AND changed_at <= :at
                        ORDER BY changed_at DESC LIMIT 1
                        """, Map.of("ws", workspaceId, "at", at))
                .map(rows -> rows.stream().findFirst().map(r -> Sql.text(r[0])));
    }

    private Uni<Void> ownerFact(String workspaceId, String ownerId, Instant at) {
        // Two facts of the same instant (a redelivery under a new id) keep the first: equal times cannot be ordered.
        return Sql.update("""
                        INSERT INTO workspace_owners (workspace_id, owner_id, changed_at) VALUES (:ws, :owner, :at)
                        ON CONFLICT (workspace_id, changed_at) DO NOTHING
                        """, Map.of("ws", workspaceId, "owner", ownerId, "at", at))
                .chain(() -> Sql.update("""
                        UPDATE workspaces w SET owner_id = o.owner_id
                        FROM (SELECT owner_id FROM workspace_owners WHERE workspace_id = :ws
                              ORDER BY changed_at DESC LIMIT 1) o
                        WHERE w.id = :ws AND w.owner_id <> o.owner_id
                        """, Map.of("ws", workspaceId)))
                .replaceWithVoid();
    }

    /** Marks the workspace deleted for good and ends its memberships (no member.removed follows a deletion). */
    public Uni<Void> workspaceDeleted(String id, String namespace, Instant deletedAt) {
        // A deletion that overtakes the creation still leaves a row, so the late creation cannot revive the workspace;
        // owner '' and created_at = deletedAt stand in until it arrives (both are NOT NULL in some services).
        return Sql.update("""
                        INSERT INTO workspaces (id, owner_id, namespace, created_at, deleted_at)
                        VALUES (:id, '', :ns, :at, :at)
                        ON CONFLICT (id) DO UPDATE SET deleted_at = excluded.deleted_at
                        """, Map.of("id", id, "ns", namespace == null ? "ns-" + id : namespace, "at", deletedAt))
                .chain(() -> Sql.update("DELETE FROM workspace_members WHERE workspace_id = :id", Map.of("id", id)))
                .replaceWithVoid();
    }

    /**
     * Adds a member or changes their role (member.added and member.changed alike); an older fact than the one held
     * changes nothing, and a deleted workspace gets no members. An unknown role is a poison event (→ DLQ), never a
     * silent grant.
     */
    public Uni<Void> memberAdded(String workspaceId, String userId, String role, Instant at) {
        WorkspaceRole.parse(role);
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

    /** Ends a membership unless the projection holds a newer fact about it. */
    public Uni<Void> memberRemoved(String workspaceId, String userId, Instant at) {
        return Sql.update("""
                        DELETE FROM workspace_members
                        WHERE workspace_id = :ws AND user_id = :user AND changed_at <= :at
                        """, Map.of("ws", workspaceId, "user", userId, "at", at))
                .replaceWithVoid();
    }

    /**
     * Keeps the workspace's newest suspension state: the event carries all of it (not a delta), so the newest
     * {@code changedAt} replaces whatever was held and an older one changes nothing. Stored apart from
     * {@code workspaces} because it may arrive before the workspace does, and because "has had a suspension event at
     * all" is a fact of its own (metering decides by the owner's debt state until then).
     */
    public Uni<Void> suspensionChanged(String workspaceId, boolean suspended, List<String> reasons, Instant at) {
        String joined = suspended ? String.join(",", new TreeSet<>(reasons)) : "";
        return Sql.update("""
                        INSERT INTO workspace_suspensions (workspace_id, suspended, reasons, changed_at)
                        VALUES (:ws, :suspended, :reasons, :at)
                        ON CONFLICT (workspace_id) DO UPDATE SET suspended = excluded.suspended,
                            reasons = excluded.reasons, changed_at = excluded.changed_at
                        WHERE workspace_suspensions.changed_at <= excluded.changed_at
                        """, Map.of("ws", workspaceId, "suspended", suspended, "reasons", joined, "at", at))
                .replaceWithVoid();
    }

    /**
     * The workspace as this user sees it: empty when it does not exist, is deleted or the user is not a member. Every
     * service answers 404 for empty, never 403, so existence is not revealed.
     */
    public Uni<Optional<WorkspaceMembership>> membership(String workspaceId, String userId) {
        return Sql.rows("""
                        SELECT w.id, w.owner_id, w.namespace, m.role, coalesce(s.suspended, false),
                            coalesce(s.reasons, '')
                        FROM workspaces w
                        JOIN workspace_members m ON m.workspace_id = w.id
                        LEFT JOIN workspace_suspensions s ON s.workspace_id = w.id
                        WHERE w.id = :ws AND m.user_id = :user AND w.deleted_at IS NULL
                        """, Map.of("ws", workspaceId, "user", userId))
                .map(rows -> rows.stream().findFirst().map(r -> {
                    boolean suspended = (Boolean) r[4];
                    return new WorkspaceMembership(
                            Sql.text(r[0]),
                            Sql.text(r[1]),
                            Sql.text(r[2]),
                            WorkspaceRole.parse(Sql.text(r[3])),
                            suspended,
                            suspended ? reasons(Sql.text(r[5])) : List.of());
                }));
    }

    /**
     * The {@code table.column}s of {@link #REQUIRED_COLUMNS} that the current schema lacks; empty when the service's
     * migrations have the shape this class needs (each service checks that in a test).
     */
    public Uni<List<String>> missingColumns() {
        // The table names are this class's constants, so they go into the SQL as literals (no list binding needed).
        String tables = String.join(
                ", ", REQUIRED_COLUMNS.keySet().stream().map(t -> "'" + t + "'").toList());
        return Sql.rows(
                        "SELECT table_name, column_name FROM information_schema.columns"
                                + " WHERE table_schema = current_schema() AND table_name IN (" + tables + ")",
                        Map.of())
                .map(rows -> {
                    Set<String> present = new TreeSet<>();
                    rows.forEach(r -> present.add(Sql.text(r[0]) + "." + Sql.text(r[1])));
                    List<String> missing = new ArrayList<>();
                    REQUIRED_COLUMNS.forEach((table, columns) -> columns.stream()
                            .map(column -> table + "." + column)
                            .filter(c -> !present.contains(c))
                            .forEach(missing::add));
                    return missing.stream().sorted().toList();
                });
    }

    private static List<String> reasons(String joined) {
        return Arrays.stream(joined.split(",")).filter(s -> !s.isEmpty()).toList();
    }
}
