package io.sealcloud.appstore.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Native SQL in the current Panache session, so it joins the caller's transaction (the inbox's or the idempotency
 * helper's). The projection is made of {@code ON CONFLICT} upserts that keep the newest fact, which read better as SQL.
 */
final class Sql {

    private Sql() {}

    static Uni<List<Object[]>> rows(String sql, Map<String, Object> params) {
        return Panache.getSession().chain(session -> {
            Mutiny.Query<Object[]> query = session.createNativeQuery(sql);
            params.forEach((name, value) -> query.setParameter(name, bind(value)));
            return query.getResultList();
        });
    }

    static Uni<Integer> update(String sql, Map<String, Object> params) {
        return Panache.getSession().chain(session -> {
            Mutiny.Query<Object> query = session.createNativeQuery(sql);
            params.forEach((name, value) -> query.setParameter(name, bind(value)));
            return query.executeUpdate();
        });
    }

    static Object bind(Object value) {
        return value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value;
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        } else if (value instanceof Instant i) {
            return i;
        } else if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        } else if (value instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        } else if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("Not a timestamp: " + value.getClass());
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
