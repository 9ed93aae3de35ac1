package io.sealcloud.appstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.sealcloud.platform.tenancy.TenancyProjection;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The app store's migrations give the runtime's tenancy projection the tables it writes (docs/platform/tenancy.md),
 * and V5 carries over what a replica of the previous release still writes into the old suspension columns.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "appstore")
@WithKeycloak
@WithControlPlane(serviceAccount = "appstore")
class TenancySchemaTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Inject
    TenancyProjection tenancy;

    @Inject
    DataSource dataSource;

    @Test
    void appstoresTablesHaveEveryColumnTheSharedProjectionNeeds() throws Throwable {
        assertThat(VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(tenancy::missingColumns)))
                .isEmpty();
    }

    @Test
    void aSuspensionThePreviousReleaseWritesIntoTheOldColumnsReachesTheSharedTableNewestFirst() throws SQLException {
        String ws = "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        // Exactly what the previous release's projection wrote for workspace.suspension-changed.
        String previousRelease = """
                INSERT INTO workspaces (id, namespace, suspended, suspension_reasons, suspension_changed_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET suspended = excluded.suspended,
                    suspension_reasons = excluded.suspension_reasons,
                    suspension_changed_at = excluded.suspension_changed_at
                WHERE workspaces.suspension_changed_at IS NULL
                    OR workspaces.suspension_changed_at <= excluded.suspension_changed_at
                """;

        execute(previousRelease, ws, "ns-" + ws, true, ",debt,ops,", T0.plusSeconds(20));
        assertThat(suspension(ws)).isEqualTo("true|debt,ops");

        // An older state written by the new release (into the table) does not undo it either.
        execute("""
                INSERT INTO workspace_suspensions (workspace_id, suspended, reasons, changed_at) VALUES (?, false, '', ?)
                ON CONFLICT (workspace_id) DO UPDATE SET suspended = excluded.suspended, reasons = excluded.reasons,
                    changed_at = excluded.changed_at
                WHERE workspace_suspensions.changed_at <= excluded.changed_at
                """, ws, T0.plusSeconds(10));
        assertThat(suspension(ws)).isEqualTo("true|debt,ops");

        execute(previousRelease, ws, "ns-" + ws, false, "", T0.plusSeconds(30));
        assertThat(suspension(ws)).isEqualTo("false|");
    }

    private String suspension(String ws) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT suspended, reasons FROM workspace_suspensions WHERE workspace_id = ?")) {
            ps.setString(1, ws);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBoolean(1) + "|" + rs.getString(2) : "none";
            }
        }
    }

    private void execute(String sql, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object p = parameters[i];
                ps.setObject(i + 1, p instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : p);
            }
            ps.executeUpdate();
        }
    }
}
