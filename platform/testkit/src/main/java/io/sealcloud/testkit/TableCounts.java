package io.sealcloud.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The row count of every table of a database's {@code public} schema: a cheap fingerprint to prove that a batch of bad
 * requests changed nothing. Connects with the PostgreSQL driver directly (not DriverManager, see testkit.md).
 */
public final class TableCounts {

    private TableCounts() {}

    /** Row counts by table name, leaving out {@code ignored} tables (e.g. idempotency records, Flyway's history). */
    public static Map<String, Long> of(String jdbcUrl, Set<String> ignored) {
        Properties props = new Properties();
        props.setProperty("user", EmbeddedPostgresServer.USER);
        props.setProperty("password", EmbeddedPostgresServer.PASSWORD);
        try (Connection c = new org.postgresql.Driver().connect(jdbcUrl, props);
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs =
                    s.executeQuery("select table_name from information_schema.tables where table_schema = 'public'"
                            + " and table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            Map<String, Long> counts = new TreeMap<>();
            for (String table : tables) {
                if (ignored.contains(table) || table.startsWith("flyway_")) {
                    continue;
                }
                try (ResultSet rs = s.executeQuery("select count(*) from \"" + table.replace("\"", "\"\"") + "\"")) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count the rows of " + jdbcUrl, e);
        }
    }
}
