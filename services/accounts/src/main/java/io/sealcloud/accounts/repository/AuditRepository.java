package io.sealcloud.accounts.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.accounts.domain.AuditEntry;
import io.sealcloud.accounts.domain.AuditQuery;
import io.sealcloud.accounts.domain.PageOf;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/** The append-only audit log: insert and filtered, paged reads. There is deliberately no update or delete. */
@ApplicationScoped
public class AuditRepository {

    // The double cast binds the JSON as text and converts it in SQL (a String bound to jsonb would become a JSON
    // string holding the document).
    private static final String INSERT = """
            INSERT INTO audit_log (at, actor, action, workspace_id, target, details)
            VALUES (:at, :actor, :action, :workspaceId, :target, cast(cast(:details as text) as jsonb))""";

    public Uni<Void> insert(
            Mutiny.Session session,
            Instant at,
            String actor,
            String action,
            String workspaceId,
            String target,
            String detailsJson) {
        return session.createNativeQuery(INSERT)
                .setParameter("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .setParameter("actor", actor)
                .setParameter("action", action)
                .setParameter("workspaceId", workspaceId)
                .setParameter("target", target)
                .setParameter("details", detailsJson)
                .executeUpdate()
                .replaceWithVoid();
    }

    /** A page of entries matching the query, newest first. */
    public Uni<PageOf<AuditEntry>> find(AuditQuery query) {
        StringBuilder where = new StringBuilder(" WHERE true");
        Map<String, Object> params = new LinkedHashMap<>();
        if (query.actor() != null) {
            where.append(" AND actor = :actor");
            params.put("actor", query.actor());
        }
        if (query.workspaceId() != null) {
            where.append(" AND workspace_id = :workspaceId");
            params.put("workspaceId", query.workspaceId());
        }
        if (query.from() != null) {
            where.append(" AND at >= :from");
            params.put("from", OffsetDateTime.ofInstant(query.from(), ZoneOffset.UTC));
        }
        if (query.to() != null) {
            where.append(" AND at < :to");
            params.put("to", OffsetDateTime.ofInstant(query.to(), ZoneOffset.UTC));
        }
        String select = "SELECT id, at, actor, action, workspace_id, target, cast(details as text) FROM audit_log"
                + where + " ORDER BY id DESC LIMIT :limit OFFSET :offset";
        String count = "SELECT count(*) FROM audit_log" + where;
        return Panache.getSession().chain(session -> {
            var rowsQuery = session.createNativeQuery(select, Object[].class);
            var countQuery = session.createNativeQuery(count, Long.class);
            params.forEach((name, value) -> {
                rowsQuery.setParameter(name, value);
                countQuery.setParameter(name, value);
            });
            rowsQuery.setParameter("limit", query.size());
            rowsQuery.setParameter("offset", (long) query.page() * query.size());
            return rowsQuery
                    .getResultList()
                    .chain(rows -> countQuery
                            .getSingleResult()
                            .map(total -> new PageOf<>(toEntries(rows), query.page(), query.size(), total)));
        });
    }

    private static List<AuditEntry> toEntries(List<Object[]> rows) {
        List<AuditEntry> entries = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            entries.add(new AuditEntry(
                    ((Number) row[0]).longValue(),
                    toInstant(row[1]),
                    (String) row[2],
                    (String) row[3],
                    (String) row[4],
                    (String) row[5],
                    (String) row[6]));
        }
        return entries;
    }

    static Instant toInstant(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof java.time.LocalDateTime ldt) {
            return ldt.toInstant(ZoneOffset.UTC);
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }
}
