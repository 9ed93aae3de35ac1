package io.sealcloud.platform.sql;

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
 * Native SQL in the current Panache session, so it joins the caller's transaction (the inbox's, the idempotency
 * helper's or a {@code Panache.withTransaction}).
 *
 * <p>Its own package rather than inside {@code tenancy}: the tenancy projection is one user, but metering's prices,
 * usage and charges are written the same way ({@code ON CONFLICT} upserts and aggregations read better as SQL than as
 * entity code), and the services used to carry a copy each.
 */
public final class Sql {

    private Sql() {}

    /** Runs a query; every row comes back as an array, so select at least two columns (one column gives scalars). */
    public static Uni<List<Object[]>> rows(String sql, Map<String, Object> params) {
        return Panache.getSession().chain(session -> {
            Mutiny.Query<Object[]> query = session.createNativeQuery(sql);
            params.forEach((name, value) -> query.setParameter(name, bind(value)));
            return query.getResultList();
        });
    }

    /** Runs an insert, update or delete; the number of rows it changed. */
    public static Uni<Integer> update(String sql, Map<String, Object> params) {
        return Panache.getSession().chain(session -> {
            Mutiny.Query<Object> query = session.createNativeQuery(sql);
            params.forEach((name, value) -> query.setParameter(name, bind(value)));
            return query.executeUpdate();
        });
    }

    /** An {@link Instant} binds as a UTC {@code timestamptz}; everything else as it is. */
    public static Object bind(Object value) {
        return value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value;
    }

    /** A {@code timestamptz} (or {@code timestamp}, read as UTC) column as an instant; null stays null. */
    public static Instant instant(Object value) {
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

    /** An integer column (or an aggregate such as {@code sum}, which PostgreSQL returns as numeric); null is 0. */
    public static long number(Object value) {
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

    /** A text column; null stays null. */
    public static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
