package io.sealcloud.metering.repository;

import io.sealcloud.platform.sql.Sql;
import io.sealcloud.platform.tenancy.TenancyProjection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What metering knows about workspaces: the shared tenancy projection (tables {@code workspaces},
 * {@code workspace_members}, {@code workspace_suspensions}, written by platform/runtime's {@code TenancyEvents}) plus
 * metering's own debt state of each account, which only metering needs: written by metering's accounts-events
 * consumer in the same inbox transaction, newest {@code changedAt} wins like every fact of the projection.
 *
 * <p>Suspended means: accounts' latest {@code workspace.suspension-changed} says so (any reason: debt, ops); for a
 * workspace that has had no such event yet, the owner's account being in {@code debt}, {@code debt-deletion} or
 * {@code final-deletion} (what accounts announced before it published suspension events). The owner is the one at the
 * time of the usage ({@code workspace_owners}, from workspace.created and workspace.owner-changed), never the
 * creator by default: a workspace transferred away from its creator follows its new owner's debt state.
 */
@ApplicationScoped
public class WorkspaceFactsRepository {

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

    /**
     * {@link #FACTS_FROM} with the owner at time {@code :at} (the newest owner fact not after it; the current owner
     * when the projection has no fact that old).
     */
    private static final String FACTS_AT_FROM = """
            FROM workspaces w
            LEFT JOIN workspace_suspensions s ON s.workspace_id = w.id
            LEFT JOIN account_debt_states d ON d.account_id = coalesce(""" + TenancyProjection.OWNER_AT_SQL + """
            , w.owner_id)""";

    /** Keeps the account's newest debt state (an older event changes nothing). */
    public Uni<Void> debtStateChanged(String accountId, String state, Instant at) {
        return Sql.update("""
                        INSERT INTO account_debt_states (account_id, state, changed_at) VALUES (:id, :state, :at)
                        ON CONFLICT (account_id) DO UPDATE SET state = excluded.state, changed_at = excluded.changed_at
                        WHERE account_debt_states.changed_at <= excluded.changed_at
                        """, Map.of("id", accountId, "state", state, "at", at))
                .replaceWithVoid();
    }

    /** The workspace whoever asks (operators, the rater, partner ingest); empty before accounts announced it. */
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
     * Workspaces whose objects cost nothing at {@code at} (a sample's time): deleted or suspended (for any reason),
     * judged by the owner of that time. A suspension event for a workspace not projected yet counts too: its objects
     * are not charged while it says suspended.
     */
    public Uni<Set<String>> notBillable(Instant at) {
        return Sql.rows(
                        "SELECT w.id, 0 " + FACTS_AT_FROM + " WHERE w.deleted_at IS NOT NULL OR " + SUSPENDED_SQL
                                + " UNION SELECT workspace_id, 0 FROM workspace_suspensions WHERE suspended",
                        Map.of("at", at))
                .map(rows -> {
                    Set<String> ids = new HashSet<>();
                    for (Object row : rows) {
                        ids.add(Sql.text(row instanceof Object[] cells ? cells[0] : row));
                    }
                    return ids;
                });
    }
}
