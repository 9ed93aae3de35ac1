package io.sealcloud.platform.outbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The relay's SQL on {@code outbox_event}, on a connection (and transaction) the caller owns. */
final class OutboxStore {

    private static final String TRY_LOCK = "select pg_try_advisory_xact_lock(hashtext(?))";
    private static final String PENDING = "select id, event_id, type, topic, kafka_key, subject, dataschema,"
            + " payload::text as payload, occurred_at from outbox_event"
            + " where published_at is null order by id limit ?";
    private static final String MARK_PUBLISHED = "update outbox_event"
            + " set published_at = clock_timestamp(), attempts = attempts + 1, last_error = null"
            + " where id = any(?)";
    private static final String MARK_FAILED =
            "update outbox_event set attempts = attempts + 1, last_error = ? where id = ?";
    private static final String COUNT_PENDING = "select count(*) from outbox_event where published_at is null";
    private static final String PURGE = "delete from outbox_event"
            + " where published_at is not null and published_at < clock_timestamp() - make_interval(secs => ?)";

    /** Longer messages are cut: the column is for diagnosis, not for stack traces. */
    static final int MAX_ERROR_LENGTH = 2000;

    private OutboxStore() {}

    /**
     * Takes the relay lock for the current transaction; {@code false} when another relay holds it. A transaction-level
     * lock is released by the commit that also makes the batch's "published" marks visible, so the next holder never
     * reads a row this one has already sent.
     */
    static boolean tryLock(Connection c, String lockName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TRY_LOCK)) {
            ps.setString(1, lockName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    static List<PendingEvent> pending(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PENDING)) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<PendingEvent> events = new ArrayList<>(limit);
                while (rs.next()) {
                    events.add(new PendingEvent(
                            rs.getLong("id"),
                            rs.getObject("event_id", UUID.class),
                            rs.getString("type"),
                            rs.getString("topic"),
                            rs.getString("kafka_key"),
                            rs.getString("subject"),
                            rs.getString("dataschema"),
                            rs.getString("payload"),
                            rs.getObject("occurred_at", OffsetDateTime.class).toInstant()));
                }
                return events;
            }
        }
    }

    static void markPublished(Connection c, Collection<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        Array array = c.createArrayOf("bigint", ids.toArray());
        try (PreparedStatement ps = c.prepareStatement(MARK_PUBLISHED)) {
            ps.setArray(1, array);
            ps.executeUpdate();
        } finally {
            array.free();
        }
    }

    static void markFailed(Connection c, long id, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(MARK_FAILED)) {
            ps.setString(1, error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    static long countPending(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COUNT_PENDING);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static int purgePublished(Connection c, Duration retention) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PURGE)) {
            ps.setDouble(1, retention.toMillis() / 1000.0);
            return ps.executeUpdate();
        }
    }
}
