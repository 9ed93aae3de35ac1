package io.sealcloud.metering.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Native SQL in the current Panache session (so it joins the caller's transaction: the inbox's, the idempotency
 * helper's or a {@code Panache.withTransaction}). Metering's queries are aggregations and {@code ON CONFLICT}
 * inserts, which read better as SQL than as entity code.
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
        } else if (value instanceof ZonedDateTime z) {
            return z.toInstant();
        } else if (value instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        } else if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("Not a timestamp: " + value.getClass());
    }

    static long number(Object value) {
        if (value == null) {
            return 0L;
        } else if (value instanceof BigDecimal d) {
            return d.longValueExact();
        } else if (value instanceof BigInteger b) {
            return b.longValueExact();
        } else if (value instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalStateException("Not a number: " + value.getClass());
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
