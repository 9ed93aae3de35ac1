package io.sealcloud.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * A real Keycloak (the unpacked {@code keycloak-quarkus-dist}) running {@code kc.sh start-dev} as a child process.
 *
 * <p>Used by {@link KeycloakTestResource} (one per test JVM, {@code --db=dev-mem}: a fresh realm each start) and by the
 * local platform launcher (persistent dev-file H2 in its own copy of the distribution, see {@link #copyDist}). Two
 * processes must not share one unpacked distribution with dev-file (H2 lock); starts on one distribution are
 * serialized through a lock file because the first start rewrites the distribution (Quarkus augmentation).
 */
public final class EmbeddedKeycloak implements AutoCloseable {

    /** The distribution version the build unpacks (root pom property {@code keycloak.version}). */
    public static final String VERSION = "26.5.6";

    /** The realm that {@code deploy/keycloak/sealcloud-realm.json} defines. */
    public static final String REALM = "sealcloud";

    /** Bootstrap admin of the master realm: development only, like the server itself. */
    public static final String DEFAULT_ADMIN_USERNAME = "admin";

    public static final String DEFAULT_ADMIN_PASSWORD = "admin";

    private static final Logger LOG = Logger.getLogger(EmbeddedKeycloak.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int httpPort;
    private final int managementPort;
    private final Path logFile;
    private final String adminUsername;
    private final String adminPassword;
    private final Duration startupTime;

    private EmbeddedKeycloak(Builder builder, Process process, int httpPort, int managementPort, Duration startup) {
        this.process = process;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.logFile = builder.logFile;
        this.adminUsername = builder.adminUsername;
        this.adminPassword = builder.adminPassword;
        this.startupTime = startup;
    }

    /** Starts configuring a server from the unpacked distribution at {@code distHome} (the folder holding bin/). */
    public static Builder builder(Path distHome) {
        return new Builder(distHome);
    }

    /**
     * The distribution the build unpacked: {@code ${sealcloud.infra.dir}/keycloak-26.5.6} (system property set by
     * Surefire), else {@code target/infra/keycloak-26.5.6} in the first folder upwards from the working directory that
     * has one.
     */
    public static Path defaultDist() {
        String infra = System.getProperty("sealcloud.infra.dir");
        Path dist = infra != null && !infra.isBlank()
                ? Path.of(infra, "keycloak-" + VERSION)
                : findUpwards(Path.of("target", "infra", "keycloak-" + VERSION));
        if (dist == null || !Files.isRegularFile(dist.resolve("bin").resolve("kc.sh"))) {
            throw new IllegalStateException("Keycloak distribution not found at "
                    + (dist == null ? "target/infra/keycloak-" + VERSION : dist.toAbsolutePath())
                    + ": run ./mvnw -pl platform/testkit generate-resources");
        }
        return dist.toAbsolutePath().normalize();
    }

    /**
     * The realm import file: {@code ${sealcloud.root}/deploy/keycloak/sealcloud-realm.json}, else the first one found
     * upwards from the working directory.
     */
    public static Path defaultRealmFile() {
        Path relative = Path.of("deploy", "keycloak", "sealcloud-realm.json");
        String root = System.getProperty("sealcloud.root");
        Path realm = root != null && !root.isBlank() ? Path.of(root).resolve(relative) : findUpwards(relative);
        if (realm == null || !Files.isRegularFile(realm)) {
            throw new IllegalStateException("Realm file not found at "
                    + (realm == null ? relative : realm.toAbsolutePath())
                    + " (system property sealcloud.root should name the repository root)");
        }
        return realm.toAbsolutePath().normalize();
    }

    /**
     * Copies a distribution to {@code target} unless {@code target} already holds one, and returns {@code target}.
     * For servers with a persistent database: each needs its own copy (H2 file lock, data/ folder).
     */
    public static Path copyDist(Path source, Path target) {
        if (Files.isRegularFile(target.resolve("bin").resolve("kc.sh"))) {
            return target;
        }
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            deleteTree(partial);
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    // data/ holds another server's database and import folder: never copy it.
                    if (dir.equals(source.resolve("data"))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    Files.createDirectories(
                            partial.resolve(source.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(
                            file,
                            partial.resolve(source.relativize(file).toString()),
                            StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS);
                    return FileVisitResult.CONTINUE;
                }
            });
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy Keycloak from " + source + " to " + target, e);
        }
        return target;
    }

    /** {@code http://localhost:<port>}. */
    public String serverUrl() {
        return "http://localhost:" + httpPort;
    }

    /** The issuer of tokens of realm {@code sealcloud}, also what {@code quarkus.oidc.auth-server-url} expects. */
    public String issuer() {
        return serverUrl() + "/realms/" + REALM;
    }

    /** A helper for realm {@code sealcloud} that uses this server's bootstrap admin. */
    public KeycloakRealm realm() {
        return new KeycloakRealm(serverUrl(), REALM, adminUsername, adminPassword);
    }

    public int httpPort() {
        return httpPort;
    }

    /** Port of /health and /metrics (Keycloak's management interface). */
    public int managementPort() {
        return managementPort;
    }

    public Path logFile() {
        return logFile;
    }

    public String adminUsername() {
        return adminUsername;
    }

    public String adminPassword() {
        return adminPassword;
    }

    /** From launching kc.sh to the realm's discovery document answering. */
    public Duration startupTime() {
        return startupTime;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops Keycloak: kc.sh runs java as its child, so the descendants go first, then the script. */
    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        List<ProcessHandle> all = new ArrayList<>(descendants);
        all.add(process.toHandle());
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.warnf("Keycloak process %d did not stop within %s: killing it", handle.pid(), STOP_TIMEOUT);
                handle.destroyForcibly();
            } catch (ExecutionException e) {
                handle.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                all.forEach(ProcessHandle::destroyForcibly);
                return;
            }
        }
    }

    private static Path findUpwards(Path relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        return null;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path :
                    paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Options for one Keycloak server; {@link #start()} launches it and waits until realm {@code sealcloud} answers. */
    public static final class Builder {
        private final Path distHome;
        private int httpPort;
        private int managementPort;
        private String httpHost;
        private Path logFile;
        private boolean devMem = true;
        private Path realmFile;
        private String adminUsername = DEFAULT_ADMIN_USERNAME;
        private String adminPassword = DEFAULT_ADMIN_PASSWORD;
        private Duration startTimeout = Duration.ofSeconds(300);
        private String javaOptsAppend = "";
        private final List<String> extraArgs = new ArrayList<>();

        private Builder(Path distHome) {
            this.distHome = Objects.requireNonNull(distHome, "distHome")
                    .toAbsolutePath()
                    .normalize();
        }

        /** HTTP port; 0 (the default) picks a free one. */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** Management port (/health, /metrics); 0 (the default) picks a free one. */
        public Builder managementPort(int port) {
            this.managementPort = port;
            return this;
        }

        /** Interface to bind; null (the default) is Keycloak's own default, all interfaces. */
        public Builder httpHost(String host) {
            this.httpHost = host;
            return this;
        }

        /** Where the server's output goes (appended); default {@code target/keycloak-<port>.log} in the working dir. */
        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /**
         * {@code true} (the default, for tests): in-memory H2, a freshly imported realm at each start. {@code false}:
         * Keycloak's persistent dev-file H2 under the distribution's data/ (the realm is imported once, kept after).
         */
        public Builder devMem(boolean devMem) {
            this.devMem = devMem;
            return this;
        }

        /** A realm JSON to import at start (copied into the distribution's data/import/); default none. */
        public Builder realmFile(Path file) {
            this.realmFile = file;
            return this;
        }

        /** The master realm's bootstrap admin (only created when the database is new). */
        public Builder admin(String username, String password) {
            this.adminUsername = Objects.requireNonNull(username);
            this.adminPassword = Objects.requireNonNull(password);
            return this;
        }

        /**
         * How long to wait for the realm to answer. Default 300 s: a start is ≈ 15 s on an idle machine but was
         * measured at 290 s on 2 cores shared with several builds (schema creation alone took 50 s there).
         */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** JVM options added to kc.sh's defaults (which cap the heap at 512 MB). */
        public Builder javaOptsAppend(String options) {
            this.javaOptsAppend = Objects.requireNonNull(options);
            return this;
        }

        /** More {@code kc.sh start-dev} arguments, e.g. {@code --log-level=debug}. */
        public Builder extraArgs(String... args) {
            this.extraArgs.addAll(List.of(args));
            return this;
        }

        /** Launches Keycloak and blocks until realm {@code sealcloud}'s discovery document answers. */
        public EmbeddedKeycloak start() {
            Path kcSh = distHome.resolve("bin").resolve("kc.sh");
            if (!Files.isRegularFile(kcSh)) {
                throw new IllegalStateException("No Keycloak distribution at " + distHome
                        + ": run ./mvnw -pl platform/testkit generate-resources");
            }
            int http = httpPort == 0 ? freePort() : httpPort;
            int management = managementPort == 0 ? freePort(http) : managementPort;
            if (logFile == null) {
                logFile = Path.of("target", "keycloak-" + http + ".log").toAbsolutePath();
            }
            long deadline = System.nanoTime() + startTimeout.toNanos();
            try (DistLock ignored = DistLock.acquire(distHome, deadline)) {
                return launch(kcSh, http, management, deadline);
            }
        }

        private EmbeddedKeycloak launch(Path kcSh, int http, int management, long deadline) {
            List<String> command = new ArrayList<>(List.of(
                    kcSh.toString(), "start-dev", "--http-port=" + http, "--http-management-port=" + management));
            if (httpHost != null) {
                command.add("--http-host=" + httpHost);
            }
            if (devMem) {
                command.add("--db=dev-mem");
            }
            Path tmp = distHome.resolve("data").resolve("tmp");
            try {
                Files.createDirectories(logFile.toAbsolutePath().getParent());
                Files.createDirectories(tmp);
                if (realmFile != null) {
                    Path imports =
                            Files.createDirectories(distHome.resolve("data").resolve("import"));
                    Files.copy(
                            realmFile, imports.resolve(realmFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    command.add("--import-realm");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not prepare Keycloak in " + distHome, e);
            }
            command.addAll(extraArgs);

            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(distHome.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            Map<String, String> env = builder.environment();
            // kc.sh replaces all its JVM defaults (heap cap included) when JAVA_OPTS is set, e.g. for Maven.
            env.remove("JAVA_OPTS");
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("JAVA_OPTS_APPEND", ("-Djava.io.tmpdir=" + tmp + " " + javaOptsAppend).trim());
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", adminUsername);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);

            long started = System.nanoTime();
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not run " + kcSh, e);
            }
            try {
                awaitRealm(process, http, deadline);
            } catch (RuntimeException e) {
                stop(process);
                throw e;
            }
            Duration startup = Duration.ofNanos(System.nanoTime() - started);
            LOG.infof("Keycloak ready on http://localhost:%d in %d ms (log %s)", http, startup.toMillis(), logFile);
            return new EmbeddedKeycloak(this, process, http, management, startup);
        }

        private void awaitRealm(Process process, int http, long deadline) {
            URI discovery =
                    URI.create("http://localhost:" + http + "/realms/" + REALM + "/.well-known/openid-configuration");
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            HttpRequest request = HttpRequest.newBuilder(discovery)
                    .timeout(Duration.ofSeconds(10))
                    .GET()
                    .build();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Keycloak exited with code " + process.exitValue()
                            + " before realm " + REALM + " answered; see " + logFile + tail());
                }
                try {
                    if (client.send(request, HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // Not listening yet: keep polling.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Keycloak did not serve realm " + REALM + " on " + discovery
                            + " within " + startTimeout.toSeconds() + " s; see " + logFile + tail());
                }
                sleep(500);
            }
        }

        private String tail() {
            try {
                List<String> lines = Files.readAllLines(logFile);
                return "\n  ..." + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
            } catch (IOException | UncheckedIOException e) {
                return "";
            }
        }
    }

    /**
     * Serializes starts on one distribution across JVMs (file lock) and threads: the first start augments the
     * distribution in place, and a second kc.sh reading it half-written fails.
     */
    private static final class DistLock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private DistLock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        static DistLock acquire(Path distHome, long deadline) {
            try {
                FileChannel channel = FileChannel.open(
                        distHome.resolve(".sealcloud-start.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                while (true) {
                    try {
                        FileLock lock = channel.tryLock();
                        if (lock != null) {
                            return new DistLock(channel, lock);
                        }
                    } catch (OverlappingFileLockException e) {
                        // Another thread of this JVM is starting a server on this distribution: wait like for a
                        // process.
                    }
                    if (System.nanoTime() > deadline) {
                        channel.close();
                        throw new IllegalStateException(
                                "Another Keycloak start holds " + distHome.resolve(".sealcloud-start.lock"));
                    }
                    sleep(200);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not lock " + distHome, e);
            }
        }

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static int freePort(int... taken) {
        while (true) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                int port = socket.getLocalPort();
                if (Arrays.stream(taken).noneMatch(t -> t == port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("No free local port", e);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
        }
    }
}
