package io.sealcloud.metering.repository;

import io.sealcloud.platform.sql.Sql;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Read-only aggregations for cost reports, always scoped to one workspace. */
@ApplicationScoped
public class ReportRepository {

    /** One aggregated row; {@code day} is null unless grouped by day, the attribution parts unless by attribution. */
    public record Row(
            String day,
            String attributionKind,
            String attributionName,
            String resource,
            long numerator,
            int denominator,
            long charges) {}

    /** How to group. */
    public enum GroupBy {
        RESOURCE,
        ATTRIBUTION,
        DAY
    }

    private static String keys(GroupBy groupBy, String timeColumn) {
        return switch (groupBy) {
            case RESOURCE -> "NULL::text, NULL::text, NULL::text, resource";
            case ATTRIBUTION -> "NULL::text, attribution_kind, attribution_name, resource";
            case DAY ->
                "to_char(" + timeColumn + " AT TIME ZONE 'UTC', 'YYYY-MM-DD'), NULL::text, NULL::text, resource";
        };
    }

    /** Usage in {@code [from, to)}: samples as unit-seconds (denominator 60), partner events in their units. */
    public Uni<List<Row>> usage(String workspaceId, Instant from, Instant to, GroupBy groupBy) {
        String sql = "SELECT g0, g1, g2, g3, sum(n), d, 0 FROM ("
                + " SELECT " + keys(groupBy, "sampled_at") + ", allocation * seconds AS n, 60 AS d"
                + " FROM usage_samples WHERE workspace_id = :ws AND sampled_at >= :from AND sampled_at < :to"
                + " UNION ALL"
                + " SELECT "
                + keys(groupBy, "occurred_at")
                        .replace("attribution_kind", "'partner'")
                        .replace("attribution_name", "client_id")
                + ", quantity, 1 FROM partner_events"
                + " WHERE workspace_id = :ws AND occurred_at >= :from AND occurred_at < :to"
                + ") u (g0, g1, g2, g3, n, d) GROUP BY g0, g1, g2, g3, d ORDER BY g0, g1, g2, g3";
        return Sql.rows(sql, Map.of("ws", workspaceId, "from", from, "to", to)).map(ReportRepository::rows);
    }

    /** Charges (corrections included) of windows starting in {@code [from, to)}: numerator = micro-units. */
    public Uni<List<Row>> costs(String workspaceId, Instant from, Instant to, GroupBy groupBy) {
        String sql = "SELECT " + keys(groupBy, "window_start") + ", sum(debit_micros), 1, count(*) FROM charges"
                + " WHERE workspace_id = :ws AND window_start >= :from AND window_start < :to"
                + " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4";
        return Sql.rows(sql, Map.of("ws", workspaceId, "from", from, "to", to)).map(ReportRepository::rows);
    }

    /** The unit of each partner resource (its newest price version's). */
    public Uni<Map<String, String>> partnerUnits() {
        return Sql.rows(
                        "SELECT DISTINCT ON (resource) resource, unit FROM price_versions"
                                + " WHERE resource LIKE 'partner:%' ORDER BY resource, effective_from DESC",
                        Map.of())
                .map(rows -> {
                    Map<String, String> units = new java.util.HashMap<>();
                    rows.forEach(r -> units.put(Sql.text(r[0]), Sql.text(r[1])));
                    return units;
                });
    }

    private static List<Row> rows(List<Object[]> rows) {
        return rows.stream()
                .map(r -> new Row(
                        Sql.text(r[0]),
                        Sql.text(r[1]),
                        Sql.text(r[2]),
                        Sql.text(r[3]),
                        Sql.number(r[4]),
                        (int) Sql.number(r[5]),
                        Sql.number(r[6])))
                .toList();
    }
}
