package io.sealcloud.testkit;

import io.quarkus.test.common.QuarkusTestResourceConfigurableLifecycleManager;
import java.util.Map;

/** Quarkus test resource behind {@link WithPostgres}: the JVM's one PostgreSQL server, started lazily. */
public class PostgresTestResource implements QuarkusTestResourceConfigurableLifecycleManager<WithPostgres> {

    // Only the system class loader's copy of this class ever assigns it (see JvmShared).
    private static EmbeddedPostgresServer server;

    private String database;

    @Override
    public void init(WithPostgres annotation) {
        this.database = EmbeddedPostgresServer.checkDatabaseName(annotation.database());
    }

    @Override
    public Map<String, String> start() {
        if (database == null) {
            throw new IllegalStateException("PostgresTestResource needs @WithPostgres(database = \"...\")");
        }
        return Map.of(
                "quarkus.datasource.username",
                EmbeddedPostgresServer.USER,
                "quarkus.datasource.password",
                EmbeddedPostgresServer.PASSWORD,
                "quarkus.datasource.reactive.url",
                reactiveUrl(database),
                "quarkus.datasource.jdbc.url",
                jdbcUrl(database));
    }

    /** Does nothing: the server outlives each application so the next test class reuses it. */
    @Override
    public void stop() {}

    /** {@code jdbc:postgresql://localhost:P/<db>} on the shared server; starts it and creates the database if needed. */
    public static String jdbcUrl(String database) {
        EmbeddedPostgresServer.checkDatabaseName(database);
        return (String) JvmShared.call(PostgresTestResource.class, "sharedJdbcUrl", database);
    }

    /** {@code postgresql://localhost:P/<db>} on the shared server; starts it and creates the database if needed. */
    public static String reactiveUrl(String database) {
        EmbeddedPostgresServer.checkDatabaseName(database);
        return (String) JvmShared.call(PostgresTestResource.class, "sharedReactiveUrl", database);
    }

    @SuppressWarnings("unused") // called through JvmShared
    private static String sharedJdbcUrl(String database) {
        return sharedServer(database).jdbcUrl(database);
    }

    @SuppressWarnings("unused") // called through JvmShared
    private static String sharedReactiveUrl(String database) {
        return sharedServer(database).reactiveUrl(database);
    }

    private static synchronized EmbeddedPostgresServer sharedServer(String database) {
        if (server == null) {
            EmbeddedPostgresServer started = EmbeddedPostgresServer.start(Dirs.fresh("postgres"));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "testkit-postgres-shutdown"));
            server = started;
        }
        server.createDatabaseIfMissing(database);
        return server;
    }
}
