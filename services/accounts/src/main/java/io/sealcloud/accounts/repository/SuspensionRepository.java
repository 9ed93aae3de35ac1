package io.sealcloud.accounts.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hibernate.reactive.mutiny.Mutiny;

/** Suspension reasons per workspace (table workspace_suspensions); every call joins the current session. */
@ApplicationScoped
public class SuspensionRepository {

    private static final String ADD = """
            INSERT INTO workspace_suspensions (workspace_id, reason, since)
            SELECT id, :reason, :now FROM workspaces WHERE id = :workspaceId
            ON CONFLICT (workspace_id, reason) DO NOTHING""";

    private static final String ADD_OWNED = """
            INSERT INTO workspace_suspensions (workspace_id, reason, since)
            SELECT id, :reason, :now FROM workspaces WHERE owner_id = :ownerId
            ON CONFLICT (workspace_id, reason) DO NOTHING""";

    private static final String REMOVE =
            "DELETE FROM workspace_suspensions WHERE workspace_id = :workspaceId AND reason = :reason";

    private static final String REMOVE_OWNED = """
            DELETE FROM workspace_suspensions s USING workspaces w
             WHERE s.workspace_id = w.id AND w.owner_id = :ownerId AND s.reason = :reason""";

    /** Adds a reason to one workspace; the number of rows inserted (0: already there or no such workspace). */
    public Uni<Integer> add(Mutiny.Session session, String workspaceId, String reason, Instant now) {
        return session.createNativeQuery(ADD)
                .setParameter("workspaceId", workspaceId)
                .setParameter("reason", reason)
                .setParameter("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .executeUpdate();
    }

    /** Adds a reason to every workspace the user owns; the number of workspaces that newly got it. */
    public Uni<Integer> addOwnedBy(Mutiny.Session session, String ownerId, String reason, Instant now) {
        return session.createNativeQuery(ADD_OWNED)
                .setParameter("ownerId", ownerId)
                .setParameter("reason", reason)
                .setParameter("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .executeUpdate();
    }

    public Uni<Integer> remove(Mutiny.Session session, String workspaceId, String reason) {
        return session.createNativeQuery(REMOVE)
                .setParameter("workspaceId", workspaceId)
                .setParameter("reason", reason)
                .executeUpdate();
    }

    public Uni<Integer> removeOwnedBy(Mutiny.Session session, String ownerId, String reason) {
        return session.createNativeQuery(REMOVE_OWNED)
                .setParameter("ownerId", ownerId)
                .setParameter("reason", reason)
                .executeUpdate();
    }

    /**
     * Locks the rows of the given workspaces (or of every workspace {@code ownerId} owns) in id order and returns
     * {@code id → namespace}: suspension changes of one workspace are serialized, so the whole-state event each
     * writes is read after the previous change committed, and the outbox holds them in commit order.
     */
    public Uni<Map<String, String>> lockWorkspace(Mutiny.Session session, String workspaceId) {
        return session.createNativeQuery(
                        "SELECT id, namespace FROM workspaces WHERE id = :id FOR UPDATE", Object[].class)
                .setParameter("id", workspaceId)
                .getResultList()
                .map(SuspensionRepository::idToNamespace);
    }

    /** The same for every workspace a user owns. */
    public Uni<Map<String, String>> lockOwnedBy(Mutiny.Session session, String ownerId) {
        return session.createNativeQuery(
                        "SELECT id, namespace FROM workspaces WHERE owner_id = :ownerId ORDER BY id FOR UPDATE",
                        Object[].class)
                .setParameter("ownerId", ownerId)
                .getResultList()
                .map(SuspensionRepository::idToNamespace);
    }

    /** The reasons of one workspace, sorted, in the given session (sees the transaction's own changes). */
    public Uni<SortedSet<String>> reasons(Mutiny.Session session, String workspaceId) {
        return session.createNativeQuery(
                        "SELECT reason FROM workspace_suspensions WHERE workspace_id = :id", String.class)
                .setParameter("id", workspaceId)
                .getResultList()
                .map(TreeSet::new);
    }

    private static Map<String, String> idToNamespace(List<Object[]> rows) {
        Map<String, String> byId = new TreeMap<>();
        for (Object[] row : rows) {
            byId.put((String) row[0], (String) row[1]);
        }
        return byId;
    }

    /** The reasons of one workspace, sorted. */
    public Uni<SortedSet<String>> reasons(String workspaceId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT reason FROM workspace_suspensions WHERE workspace_id = :id", String.class)
                        .setParameter("id", workspaceId)
                        .getResultList())
                .map(TreeSet::new);
    }

    /** Every suspended workspace's reasons (for the sync). */
    public Uni<Map<String, SortedSet<String>>> allReasons() {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT workspace_id, reason FROM workspace_suspensions", Object[].class)
                        .getResultList())
                .map(rows -> {
                    Map<String, SortedSet<String>> byWorkspace = new TreeMap<>();
                    for (Object[] row : (List<Object[]>) rows) {
                        byWorkspace
                                .computeIfAbsent((String) row[0], id -> new TreeSet<>())
                                .add((String) row[1]);
                    }
                    return byWorkspace;
                });
    }
}
