package io.sealcloud.metering.repository;

import io.sealcloud.metering.domain.Attribution;
import io.sealcloud.platform.sql.Sql;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rating state: the settled windows, charges (originals and corrections) and failures; the rater's lock. */
@ApplicationScoped
public class ChargeRepository {

    /** A charge row. */
    public record Charge(
            String id,
            String workspaceId,
            Instant windowStart,
            Instant windowEnd,
            String resource,
            Attribution attribution,
            long quantity,
            String unit,
            long usageNumerator,
            int usageDenominator,
            String priceVersion,
            long debitMicros,
            String correctionOf,
            String repriceId,
            Instant createdAt) {}

    /** An original charge with what corrections have added to it so far. */
    public record Settled(Charge original, long netDebitMicros, int corrections) {}

    /** A usage the rater could not price. */
    public record Failure(
            String workspaceId,
            Instant windowStart,
            Instant windowEnd,
            String resource,
            Attribution attribution,
            long usageNumerator,
            int usageDenominator,
            String reason,
            Instant createdAt,
            String resolvedBy) {}

    /**
     * A workspace whose usage in a window could not be rated at all (a sum or an amount out of the range of a long):
     * set aside so that the window settles for every other workspace.
     */
    public record WorkspaceFailure(
            String workspaceId, Instant windowStart, Instant windowEnd, String reason, Instant createdAt) {}

    /** Serializes rating, sampling and partner ingest against a window being settled (transaction-scoped). */
    public Uni<Void> lockExclusive() {
        return Sql.rows(
                        "SELECT count(*), 0 FROM (SELECT pg_advisory_xact_lock(hashtext('sealcloud-metering-rater'))) l",
                        Map.of())
                .replaceWithVoid();
    }

    /** Shared side of {@link #lockExclusive()}: many writers of usage at once, never while a window settles. */
    public Uni<Void> lockShared() {
        return Sql.rows(
                        "SELECT count(*), 0 FROM (SELECT pg_advisory_xact_lock_shared("
                                + "hashtext('sealcloud-metering-rater'))) l",
                        Map.of())
                .replaceWithVoid();
    }

    /** The start of the newest settled window, or null. */
    public Uni<Instant> lastSettledWindow() {
        return Sql.rows("SELECT max(window_start), 0 FROM rating_windows", Map.of())
                .map(rows -> rows.isEmpty() ? null : Sql.instant(rows.get(0)[0]));
    }

    /** True when a window at or after {@code windowStart} is settled: usage for it can no longer be rated. */
    public Uni<Boolean> isClosed(Instant windowStart) {
        return Sql.rows("SELECT 1, 0 FROM rating_windows WHERE window_start >= :ws LIMIT 1", Map.of("ws", windowStart))
                .map(rows -> !rows.isEmpty());
    }

    /** Claims a window for settlement; false when it was settled already. */
    public Uni<Boolean> claimWindow(Instant start, Instant end, Instant now) {
        return Sql.update("""
                        INSERT INTO rating_windows (window_start, window_end, settled_at, charges, failures)
                        VALUES (:start, :end, :now, 0, 0) ON CONFLICT DO NOTHING
                        """, Map.of("start", start, "end", end, "now", now)).map(n -> n == 1);
    }

    public Uni<Void> recordWindowCounts(Instant start, int charges, int failures) {
        return Sql.update(
                        "UPDATE rating_windows SET charges = :c, failures = :f WHERE window_start = :start",
                        Map.of("c", charges, "f", failures, "start", start))
                .replaceWithVoid();
    }

    /** Inserts a charge; false when its id exists (the caller then publishes nothing). */
    public Uni<Boolean> insert(Charge c) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", c.id());
        p.put("ws", c.workspaceId());
        p.put("start", c.windowStart());
        p.put("end", c.windowEnd());
        p.put("resource", c.resource());
        p.put("kind", c.attribution().kind());
        p.put("name", c.attribution().name());
        p.put("quantity", c.quantity());
        p.put("unit", c.unit());
        p.put("num", c.usageNumerator());
        p.put("den", c.usageDenominator());
        p.put("pv", c.priceVersion());
        p.put("debit", c.debitMicros());
        p.put("corr", c.correctionOf() == null ? "" : c.correctionOf());
        p.put("reprice", c.repriceId() == null ? "" : c.repriceId());
        p.put("at", c.createdAt());
        return Sql.update("""
                        INSERT INTO charges (id, workspace_id, window_start, window_end, resource, attribution_kind,
                            attribution_name, quantity, unit, usage_numerator, usage_denominator, price_version,
                            debit_micros, correction_of, reprice_id, created_at)
                        VALUES (:id, :ws, :start, :end, :resource, :kind, :name, :quantity, :unit, :num, :den, :pv,
                            :debit, nullif(:corr, ''), nullif(:reprice, ''), :at)
                        ON CONFLICT DO NOTHING
                        """, p).map(n -> n == 1);
    }

    /**
     * Inserts charges with one multi-row statement and returns the ids actually inserted (an id that exists already is
     * skipped, as in {@link #insert}). One round trip instead of one per charge: a window of many workspaces settles
     * in one transaction, so its statement count is its commit latency.
     */
    public Uni<Set<String>> insertAll(List<Charge> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        StringBuilder sql = new StringBuilder("""
                INSERT INTO charges (id, workspace_id, window_start, window_end, resource, attribution_kind,
                    attribution_name, quantity, unit, usage_numerator, usage_denominator, price_version,
                    debit_micros, correction_of, reprice_id, created_at)
                VALUES
                """);
        Map<String, Object> p = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Charge c = batch.get(i);
            if (i > 0) {
                sql.append(",\n");
            }
            sql.append(String.format(
                    "(:id%1$d, :ws%1$d, :start%1$d, :end%1$d, :resource%1$d, :kind%1$d, :name%1$d, :quantity%1$d,"
                            + " :unit%1$d, :num%1$d, :den%1$d, :pv%1$d, :debit%1$d, nullif(:corr%1$d, ''),"
                            + " nullif(:reprice%1$d, ''), :at%1$d)",
                    i));
            p.put("id" + i, c.id());
            p.put("ws" + i, c.workspaceId());
            p.put("start" + i, c.windowStart());
            p.put("end" + i, c.windowEnd());
            p.put("resource" + i, c.resource());
            p.put("kind" + i, c.attribution().kind());
            p.put("name" + i, c.attribution().name());
            p.put("quantity" + i, c.quantity());
            p.put("unit" + i, c.unit());
            p.put("num" + i, c.usageNumerator());
            p.put("den" + i, c.usageDenominator());
            p.put("pv" + i, c.priceVersion());
            p.put("debit" + i, c.debitMicros());
            p.put("corr" + i, c.correctionOf() == null ? "" : c.correctionOf());
            p.put("reprice" + i, c.repriceId() == null ? "" : c.repriceId());
            p.put("at" + i, c.createdAt());
        }
        sql.append("\nON CONFLICT DO NOTHING RETURNING id, 0");
        return Sql.rows(sql.toString(), p).map(rows -> {
            Set<String> ids = new HashSet<>();
            for (Object[] row : rows) {
                ids.add(Sql.text(row[0]));
            }
            return ids;
        });
    }

    public Uni<Void> insertFailure(Failure f) {
        Map<String, Object> p = new HashMap<>();
        p.put("ws", f.workspaceId());
        p.put("start", f.windowStart());
        p.put("end", f.windowEnd());
        p.put("resource", f.resource());
        p.put("kind", f.attribution().kind());
        p.put("name", f.attribution().name());
        p.put("num", f.usageNumerator());
        p.put("den", f.usageDenominator());
        p.put("reason", f.reason());
        p.put("at", f.createdAt());
        return Sql.update("""
                        INSERT INTO rating_failures (workspace_id, window_start, window_end, resource, attribution_kind,
                            attribution_name, usage_numerator, usage_denominator, reason, created_at)
                        VALUES (:ws, :start, :end, :resource, :kind, :name, :num, :den, :reason, :at)
                        ON CONFLICT DO NOTHING
                        """, p).replaceWithVoid();
    }

    public Uni<Void> insertWorkspaceFailure(WorkspaceFailure f) {
        return Sql.update(
                        """
                        INSERT INTO rating_workspace_failures (workspace_id, window_start, window_end, reason, created_at)
                        VALUES (:ws, :start, :end, :reason, :at) ON CONFLICT DO NOTHING
                        """,
                        Map.of(
                                "ws", f.workspaceId(),
                                "start", f.windowStart(),
                                "end", f.windowEnd(),
                                "reason", f.reason(),
                                "at", f.createdAt()))
                .replaceWithVoid();
    }

    /** A page of workspace-window failures, newest window first. */
    public Uni<List<WorkspaceFailure>> workspaceFailurePage(int offset, int limit) {
        return Sql.rows("""
                        SELECT workspace_id, window_start, window_end, reason, created_at FROM rating_workspace_failures
                        ORDER BY window_start DESC, workspace_id LIMIT :limit OFFSET :offset
                        """, Map.of("limit", limit, "offset", offset))
                .map(rows -> rows.stream()
                        .map(r -> new WorkspaceFailure(
                                Sql.text(r[0]),
                                Sql.instant(r[1]),
                                Sql.instant(r[2]),
                                Sql.text(r[3]),
                                Sql.instant(r[4])))
                        .toList());
    }

    /** Original charges of a resource in windows starting in {@code [from, to)}, with their corrections summed. */
    public Uni<List<Settled>> originals(String resource, Instant from, Instant to, String workspaceId) {
        return Sql.rows(
                        """
                        SELECT o.id, o.workspace_id, o.window_start, o.window_end, o.resource, o.attribution_kind,
                               o.attribution_name, o.quantity, o.unit, o.usage_numerator, o.usage_denominator,
                               o.price_version, o.debit_micros, o.created_at,
                               o.debit_micros + coalesce(sum(c.debit_micros), 0), count(c.id)
                        FROM charges o LEFT JOIN charges c ON c.correction_of = o.id
                        WHERE o.correction_of IS NULL AND o.resource = :resource
                          AND o.window_start >= :from AND o.window_start < :to
                          AND (:ws = '' OR o.workspace_id = :ws)
                        GROUP BY o.id
                        ORDER BY o.window_start, o.id
                        """,
                        Map.of(
                                "resource",
                                resource,
                                "from",
                                from,
                                "to",
                                to,
                                "ws",
                                workspaceId == null ? "" : workspaceId))
                .map(rows -> rows.stream()
                        .map(r -> new Settled(
                                new Charge(
                                        Sql.text(r[0]),
                                        Sql.text(r[1]),
                                        Sql.instant(r[2]),
                                        Sql.instant(r[3]),
                                        Sql.text(r[4]),
                                        new Attribution(Sql.text(r[5]), Sql.text(r[6])),
                                        Sql.number(r[7]),
                                        Sql.text(r[8]),
                                        Sql.number(r[9]),
                                        (int) Sql.number(r[10]),
                                        Sql.text(r[11]),
                                        Sql.number(r[12]),
                                        null,
                                        null,
                                        Sql.instant(r[13])),
                                Sql.number(r[14]),
                                (int) Sql.number(r[15])))
                        .toList());
    }

    /** Unresolved failures of a resource in windows starting in {@code [from, to)}. */
    public Uni<List<Failure>> unresolvedFailures(String resource, Instant from, Instant to, String workspaceId) {
        return failures(
                "resolved_by IS NULL AND resource = :resource AND window_start >= :from AND window_start < :to"
                        + " AND (:ws = '' OR workspace_id = :ws)",
                Map.of("resource", resource, "from", from, "to", to, "ws", workspaceId == null ? "" : workspaceId),
                0,
                Integer.MAX_VALUE);
    }

    /** A page of failures, newest window first; {@code unresolvedOnly} hides those a reprice settled. */
    public Uni<List<Failure>> failurePage(boolean unresolvedOnly, int offset, int limit) {
        return failures(unresolvedOnly ? "resolved_by IS NULL" : "true", Map.of(), offset, limit);
    }

    private Uni<List<Failure>> failures(String where, Map<String, Object> params, int offset, int limit) {
        Map<String, Object> p = new HashMap<>(params);
        p.put("offset", offset);
        p.put("limit", limit);
        return Sql.rows(
                        "SELECT workspace_id, window_start, window_end, resource, attribution_kind, attribution_name,"
                                + " usage_numerator, usage_denominator, reason, created_at, resolved_by"
                                + " FROM rating_failures WHERE " + where
                                + " ORDER BY window_start DESC, workspace_id, resource, attribution_kind,"
                                + " attribution_name LIMIT :limit OFFSET :offset",
                        p)
                .map(rows -> rows.stream()
                        .map(r -> new Failure(
                                Sql.text(r[0]),
                                Sql.instant(r[1]),
                                Sql.instant(r[2]),
                                Sql.text(r[3]),
                                new Attribution(Sql.text(r[4]), Sql.text(r[5])),
                                Sql.number(r[6]),
                                (int) Sql.number(r[7]),
                                Sql.text(r[8]),
                                Sql.instant(r[9]),
                                Sql.text(r[10])))
                        .toList());
    }

    public Uni<Void> resolveFailure(Failure f, String chargeId) {
        return Sql.update(
                        """
                        UPDATE rating_failures SET resolved_by = :charge
                        WHERE workspace_id = :ws AND window_start = :start AND resource = :resource
                          AND attribution_kind = :kind AND attribution_name = :name
                        """,
                        Map.of(
                                "charge",
                                chargeId,
                                "ws",
                                f.workspaceId(),
                                "start",
                                f.windowStart(),
                                "resource",
                                f.resource(),
                                "kind",
                                f.attribution().kind(),
                                "name",
                                f.attribution().name()))
                .replaceWithVoid();
    }

    /** Rating health numbers for ops: settled windows, unresolved failures, last settlement, workspace failures. */
    public Uni<Object[]> status() {
        return Sql.rows("""
                        SELECT (SELECT max(window_end) FROM rating_windows),
                               (SELECT max(settled_at) FROM rating_windows),
                               (SELECT count(*) FROM rating_windows),
                               (SELECT count(*) FROM rating_failures WHERE resolved_by IS NULL),
                               (SELECT count(*) FROM charges),
                               (SELECT count(*) FROM rating_workspace_failures)
                        """, Map.of()).map(rows -> rows.get(0));
    }

    public Uni<Void> insertReprice(
            String id,
            String resource,
            String priceVersion,
            Instant from,
            Instant to,
            String workspaceId,
            String requestedBy,
            Instant at,
            int corrections,
            int settled,
            long deltaMicros) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", id);
        p.put("resource", resource);
        p.put("pv", priceVersion);
        p.put("from", from);
        p.put("to", to);
        p.put("ws", workspaceId == null ? "" : workspaceId);
        p.put("by", requestedBy);
        p.put("at", at);
        p.put("c", corrections);
        p.put("s", settled);
        p.put("d", deltaMicros);
        return Sql.update("""
                        INSERT INTO reprices (id, resource, price_version, window_from, window_to, workspace_id,
                            requested_by, created_at, corrections, settled, delta_micros)
                        VALUES (:id, :resource, :pv, :from, :to, nullif(:ws, ''), :by, :at, :c, :s, :d)
                        """, p).replaceWithVoid();
    }
}
