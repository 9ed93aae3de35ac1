package io.sealcloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresServerTest {

    @Test
    void createsTheDatabaseAndRunsSqlInIt() throws SQLException {
        String db = "testkit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url = PostgresTestResource.jdbcUrl(db);

        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
                Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE note (id int PRIMARY KEY, body text NOT NULL)");
            sql.execute("INSERT INTO note VALUES (1, 'written')");
            try (ResultSet rows = sql.executeQuery("SELECT current_database(), body FROM note WHERE id = 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo(db);
                assertThat(rows.getString(2)).isEqualTo("written");
            }
        }
    }

    @Test
    void returnsTheFourDatasourcePropertiesForTheAnnotatedDatabase() {
        PostgresTestResource resource = new PostgresTestResource();
        resource.init(Annotated.class.getAnnotation(WithPostgres.class));

        Map<String, String> config = resource.start();

        assertThat(config)
                .containsOnlyKeys(
                        "quarkus.datasource.username",
                        "quarkus.datasource.password",
                        "quarkus.datasource.reactive.url",
                        "quarkus.datasource.jdbc.url");
        assertThat(config.get("quarkus.datasource.jdbc.url")).isEqualTo(PostgresTestResource.jdbcUrl("annotated"));
        assertThat(config.get("quarkus.datasource.reactive.url"))
                .isEqualTo(config.get("quarkus.datasource.jdbc.url").substring("jdbc:".length()));
    }

    @Test
    void creatingAnExistingDatabaseAgainChangesNothing() throws SQLException {
        String url = PostgresTestResource.jdbcUrl("testkit_again");
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
                Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS kept (id int)");
        }

        assertThat(PostgresTestResource.jdbcUrl("testkit_again")).isEqualTo(url);

        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
                Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery("SELECT to_regclass('kept') IS NOT NULL")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getBoolean(1)).isTrue();
        }
    }

    @Test
    void rejectsADatabaseNameThatIsNotAPlainIdentifier() {
        assertThatThrownBy(() -> PostgresTestResource.jdbcUrl("x; DROP DATABASE postgres"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Database name");
    }

    @Test
    void aRestartWithTheSameDirectoryKeepsTheData() throws SQLException {
        Path dir = Dirs.fresh("postgres-restart");
        try {
            try (EmbeddedPostgresServer first =
                    EmbeddedPostgresServer.builder(dir).keepData(true).start()) {
                first.createDatabaseIfMissing("kept");
                execute(first.jdbcUrl("kept"), "CREATE TABLE survivor (name text); INSERT INTO survivor VALUES ('me')");
            }
            try (EmbeddedPostgresServer second =
                    EmbeddedPostgresServer.builder(dir).keepData(true).start()) {
                try (Connection connection = DriverManager.getConnection(second.jdbcUrl("kept"), "postgres", "x");
                        Statement sql = connection.createStatement();
                        ResultSet rows = sql.executeQuery("SELECT name FROM survivor")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("me");
                }
            }
        } finally {
            Dirs.deleteRecursively(dir);
        }
    }

    @Test
    void writesOnlyBelowItsDirectoryAndFreesItsPortOnClose() throws SQLException {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Dirs.fresh("postgres-close"));
        int port = server.port();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", "x");
                Statement sql = connection.createStatement()) {
            assertThat(show(sql, "data_directory")).startsWith(server.dir().toString());
            assertThat(show(sql, "unix_socket_directories")).isEmpty();
        }
        assertThat(server.dir()).startsWith(Dirs.infraRun());
        assertThat(FreePorts.isListening(port)).isTrue();

        server.close();

        assertThat(FreePorts.isListening(port)).isFalse();
        assertThat(Files.exists(server.dir())).isFalse();
    }

    private static String show(Statement sql, String setting) throws SQLException {
        try (ResultSet rows = sql.executeQuery("SHOW " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static void execute(String url, String statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "x");
                Statement sql = connection.createStatement()) {
            sql.execute(statements);
        }
    }

    @WithPostgres(database = "annotated")
    private static final class Annotated {}
}
