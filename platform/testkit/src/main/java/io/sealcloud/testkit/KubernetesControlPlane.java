package io.sealcloud.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jboss.logging.Logger;

/**
 * A real Kubernetes control plane on loopback: etcd, kube-apiserver and kube-controller-manager (1.20.2), each a
 * child process on random ports, with RBAC, TokenRequest, ServiceAccount tokens, ResourceQuota and LimitRange
 * admission, server-side apply, garbage collection and namespace deletion all done by Kubernetes itself.
 *
 * <p>There is no kubelet: pods stay Pending unless {@link KubeletStandIn} runs. The binaries come from {@code
 * platform/testkit/kubernetes/build-control-plane.sh} (built once from Debian's source package and cached outside
 * {@code target/}); this class runs that script, which returns at once when the cache is warm.
 *
 * <p>Identities: a static admin token in {@code system:masters} (for the test and for arranging state), the controller
 * manager's own token, and anything a test makes itself (ServiceAccount tokens through TokenRequest, or impersonation
 * through the admin client) so that authorization is always decided by the API server.
 */
public final class KubernetesControlPlane implements AutoCloseable {

    /** The Kubernetes version the binaries are built from. */
    public static final String VERSION = "1.20.2";

    /** Where the script lives, relative to the repository root. */
    public static final String BUILD_SCRIPT = "platform/testkit/kubernetes/build-control-plane.sh";

    /** The controllers of kube-controller-manager that make no sense without nodes, clouds or CSR signing. */
    static final String CONTROLLERS = "*,-nodeipam,-nodelifecycle,-cloud-node-lifecycle,-service,-route,-attachdetach,"
            + "-persistentvolume-binder,-persistentvolume-expander,-csrsigning,-csrapproving,-ttl";

    private static final Logger LOG = Logger.getLogger(KubernetesControlPlane.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final int apiPort;
    private final String adminToken;
    private final Path caFile;
    private final List<Process> processes;
    private final Duration startupTime;

    private KubernetesControlPlane(
            Path dir, int apiPort, String adminToken, Path caFile, List<Process> processes, Duration startupTime) {
        this.dir = dir;
        this.apiPort = apiPort;
        this.adminToken = adminToken;
        this.caFile = caFile;
        this.processes = processes;
        this.startupTime = startupTime;
    }

    /**
     * Builds the binaries if they are not cached, then starts etcd, the API server and the controller manager with
     * their state in {@code dir} (created), and waits until the API server is ready and the controller manager has
     * created the {@code default} ServiceAccount.
     */
    public static KubernetesControlPlane start(Path dir) {
        Instant begin = Instant.now();
        Path bin = binaries();
        List<Process> started = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            Path pki = Files.createDirectories(dir.resolve("pki"));
            Path cert = pki.resolve("apiserver.crt");
            Path key = pki.resolve("apiserver.key");
            Path saKey = pki.resolve("sa.key");
            Path saPub = pki.resolve("sa.pub");
            run(
                    dir,
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-days",
                    "3650",
                    "-subj",
                    "/CN=kube-apiserver",
                    "-addext",
                    "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default.svc",
                    "-keyout",
                    key.toString(),
                    "-out",
                    cert.toString());
            run(dir, "openssl", "genrsa", "-out", saKey.toString(), "2048");
            run(dir, "openssl", "rsa", "-in", saKey.toString(), "-pubout", "-out", saPub.toString());

            String admin = randomToken();
            String controllerManager = randomToken();
            Path tokens = pki.resolve("tokens.csv");
            Files.writeString(
                    tokens,
                    admin + ",sealcloud-admin,sealcloud-admin,\"system:masters\"\n" + controllerManager
                            + ",system:kube-controller-manager,system:kube-controller-manager,\"system:masters\"\n");

            int etcdPort = FreePorts.next();
            int peerPort = FreePorts.next();
            int apiPort = FreePorts.next();
            String etcdUrl = "http://127.0.0.1:" + etcdPort;
            String peerUrl = "http://127.0.0.1:" + peerPort;
            started.add(spawn(
                    dir,
                    "etcd",
                    bin.resolve("etcd").toString(),
                    "--name=sealcloud",
                    "--data-dir=" + dir.resolve("etcd"),
                    "--listen-client-urls=" + etcdUrl,
                    "--advertise-client-urls=" + etcdUrl,
                    "--listen-peer-urls=" + peerUrl,
                    "--initial-advertise-peer-urls=" + peerUrl,
                    "--initial-cluster=sealcloud=" + peerUrl,
                    "--log-level=warn"));
            waitFor("etcd", () -> FreePorts.isListening(etcdPort), started.get(0));

            started.add(spawn(
                    dir,
                    "kube-apiserver",
                    bin.resolve("kube-apiserver").toString(),
                    "--etcd-servers=" + etcdUrl,
                    "--bind-address=127.0.0.1",
                    "--advertise-address=127.0.0.1",
                    "--secure-port=" + apiPort,
                    "--insecure-port=0",
                    "--cert-dir=" + dir.resolve("apiserver-certs"),
                    "--tls-cert-file=" + cert,
                    "--tls-private-key-file=" + key,
                    "--token-auth-file=" + tokens,
                    "--authorization-mode=RBAC",
                    "--service-account-issuer=https://kubernetes.default.svc",
                    "--service-account-signing-key-file=" + saKey,
                    "--service-account-key-file=" + saPub,
                    "--api-audiences=https://kubernetes.default.svc",
                    "--service-cluster-ip-range=10.96.0.0/16",
                    "--endpoint-reconciler-type=none",
                    "--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,ResourceQuota",
                    "--allow-privileged=true",
                    "--profiling=false",
                    "--max-requests-inflight=800",
                    "--max-mutating-requests-inflight=400",
                    "--v=0"));
            Process apiserver = started.get(1);
            HttpClient http = httpClient(cert);
            waitFor("kube-apiserver", () -> ready(http, apiPort, admin), apiserver);

            Path kcmConfig = dir.resolve("controller-manager.kubeconfig");
            Files.writeString(
                    kcmConfig, kubeconfig(serverUrl(apiPort), cert, "kube-controller-manager", controllerManager));
            started.add(spawn(
                    dir,
                    "kube-controller-manager",
                    bin.resolve("kube-controller-manager").toString(),
                    "--kubeconfig=" + kcmConfig,
                    "--bind-address=127.0.0.1",
                    "--secure-port=0",
                    "--port=0",
                    "--leader-elect=false",
                    "--service-account-private-key-file=" + saKey,
                    "--root-ca-file=" + cert,
                    "--use-service-account-credentials=false",
                    "--controllers=" + CONTROLLERS,
                    "--kube-api-qps=200",
                    "--kube-api-burst=400",
                    "--concurrent-gc-syncs=10",
                    "--concurrent-namespace-syncs=10",
                    "--v=0"));
            Process kcm = started.get(2);
            // The ServiceAccount controller creating "default" proves the controller manager is up and syncing.
            waitFor(
                    "kube-controller-manager",
                    () -> status(http, apiPort, admin, "/api/v1/namespaces/default/serviceaccounts/default") == 200,
                    kcm);
            KubernetesControlPlane plane = new KubernetesControlPlane(
                    dir, apiPort, admin, cert, List.copyOf(started), Duration.between(begin, Instant.now()));
            Files.writeString(dir.resolve("admin.kubeconfig"), plane.kubeconfig("sealcloud-admin", admin));
            LOG.infof(
                    "Kubernetes control plane %s ready at %s in %d ms (state in %s)",
                    VERSION, plane.serverUrl(), plane.startupTime.toMillis(), dir);
            return plane;
        } catch (IOException e) {
            started.forEach(KubernetesControlPlane::stop);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            started.forEach(KubernetesControlPlane::stop);
            throw e;
        }
    }

    /** {@code https://127.0.0.1:<port>}. */
    public String serverUrl() {
        return serverUrl(apiPort);
    }

    /** A bearer token in {@code system:masters}: use it to arrange and inspect state, never as a tenant. */
    public String adminToken() {
        return adminToken;
    }

    /** The API server's self-signed serving certificate (PEM), which is also the CA clients should trust. */
    public Path caFile() {
        return caFile;
    }

    /** The CA as base64 PEM, as a kubeconfig's {@code certificate-authority-data}. */
    public String caData() {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(caFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A kubeconfig file with the admin token ({@code <dir>/admin.kubeconfig}). */
    public Path adminKubeconfig() {
        return dir.resolve("admin.kubeconfig");
    }

    /** The text of a kubeconfig for this API server with the given bearer token. */
    public String kubeconfig(String user, String token) {
        return kubeconfig(serverUrl(), caFile, user, token);
    }

    public Path directory() {
        return dir;
    }

    public Duration startupTime() {
        return startupTime;
    }

    public boolean isRunning() {
        return processes.stream().allMatch(Process::isAlive);
    }

    /** Stops the three processes (controller manager first); the state directory is left to the caller. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            stop(processes.get(i));
        }
    }

    /**
     * The cached binaries' directory, building them first if needed (about ten minutes, once per machine). {@code
     * SEALCLOUD_KUBE_BIN} names a directory with the three binaries instead.
     */
    public static Path binaries() {
        String explicit = System.getenv("SEALCLOUD_KUBE_BIN");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        Path script = findUpwards(Path.of(BUILD_SCRIPT));
        try {
            Process build = new ProcessBuilder("bash", script.toString(), "--print-dir")
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (build.waitFor() != 0 || out.isEmpty()) {
                throw new IllegalStateException(
                        "Building the Kubernetes control plane failed (" + script + "): see its output above");
            }
            return Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String serverUrl(int port) {
        return "https://127.0.0.1:" + port;
    }

    private static String kubeconfig(String server, Path ca, String user, String token) {
        String caData;
        try {
            caData = Base64.getEncoder().encodeToString(Files.readAllBytes(ca));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: sealcloud-local
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: %s
                  user:
                    token: %s
                contexts:
                - name: sealcloud-local
                  context:
                    cluster: sealcloud-local
                    user: %s
                current-context: sealcloud-local
                """.formatted(server, caData, user, token, user);
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void run(Path dir, String... command) throws IOException {
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts {@code command} under a small shell watchdog that ends it when this JVM is gone, so that a test JVM
     * killed with SIGKILL (no shutdown hook) still leaves no process behind.
     */
    static Process spawn(Path dir, String name, String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of(
                "/bin/sh",
                "-c",
                "parent=$1; shift; \"$@\" & child=$!; trap 'kill -TERM $child 2>/dev/null; wait $child; exit 143' TERM INT;"
                        + " while kill -0 $parent 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done;"
                        + " kill -TERM $child 2>/dev/null; wait $child",
                name,
                Long.toString(ProcessHandle.current().pid())));
        full.addAll(List.of(command));
        return new ProcessBuilder(full)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .start();
    }

    private static void waitFor(String what, java.util.function.BooleanSupplier ready, Process process) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " exited with " + process.exitValue() + ": see its log");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(what + " not ready after " + READY_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static boolean ready(HttpClient http, int port, String token) {
        return status(http, port, token, "/readyz") == 200;
    }

    private static int status(HttpClient http, int port, String token, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(serverUrl(port) + path))
                    .header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(2))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static HttpClient httpClient(Path caPem) {
        try (var in = Files.newInputStream(caPem)) {
            X509Certificate ca =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("kube-apiserver", ca);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, factory.getTrustManagers(), null);
            return HttpClient.newBuilder()
                    .sslContext(ssl)
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Cannot trust the API server certificate " + caPem, e);
        }
    }

    static void stop(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        // The watchdog forwards TERM to its child; anything still alive after that is killed.
        for (ProcessHandle handle : descendants) {
            if (handle.isAlive()) {
                handle.destroy();
                try {
                    handle.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    handle.destroyForcibly();
                }
            }
        }
    }

    static Path findUpwards(Path relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(relative + " not found in the working directory or above it");
    }
}
