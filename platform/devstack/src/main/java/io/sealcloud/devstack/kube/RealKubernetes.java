package io.sealcloud.devstack.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.sealcloud.testkit.KubeletStandIn;
import io.sealcloud.testkit.KubernetesControlPlane;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The local platform's <b>real</b> Kubernetes control plane as one long-running process (the {@code kubernetes}
 * component of {@code ./sealcloud up --kubernetes=real}): it runs etcd, kube-apiserver and kube-controller-manager
 * ({@value KubernetesControlPlane#VERSION}) as its children on fixed loopback ports, with their state kept in {@code
 * .sealcloud/data/kubernetes}, then
 *
 * <ol>
 *   <li>installs the services' CRDs ({@code services/<s>/target/classes/META-INF/fabric8/*.yml}) and waits until each
 *       is Established;
 *   <li>gives each service its own identity: the ServiceAccount, Roles, ClusterRoles and bindings of {@code
 *       deploy/base/<s>/}, applied as they are in namespace {@value #SYSTEM_NAMESPACE}, and a kubeconfig with a
 *       TokenRequest token of that ServiceAccount (so the API server's RBAC decides what the service may do);
 *   <li>writes the admin kubeconfig ({@code SEALCLOUD_KUBECONFIG});
 *   <li>runs the testkit's {@link KubeletStandIn} (a <b>stand-in</b> for the kubelet: no container runs) in this JVM;
 *   <li>prints {@value #READY} — the launcher's readiness signal.
 * </ol>
 *
 * <p>On SIGTERM it stops the stand-in, then the controller manager, the API server and etcd. Each child runs under a
 * small shell watchdog that ends it when this JVM is gone, even after a SIGKILL.
 */
public final class RealKubernetes {

    /** The line the launcher waits for in this component's log. */
    public static final String READY = "KUBERNETES READY";

    /** Where the services' ServiceAccounts live, as in deploy/base (and in the testkit's @WithControlPlane). */
    public static final String SYSTEM_NAMESPACE = "sealcloud-system";

    /** The kinds of {@code deploy/base/<s>/} that make up a service's identity; the rest (Deployment, …) is skipped. */
    static final Set<String> IDENTITY_KINDS =
            Set.of("ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");

    /** Same controllers as the testkit's control plane: the node, cloud and CSR ones make no sense without nodes. */
    static final String CONTROLLERS = "*,-nodeipam,-nodelifecycle,-cloud-node-lifecycle,-service,-route,-attachdetach,"
            + "-persistentvolume-binder,-persistentvolume-expander,-csrsigning,-csrapproving,-ttl";

    /** The services' tokens: long-lived (a year), re-issued on every start of this component. */
    static final long SERVICE_TOKEN_SECONDS = 365L * 24 * 3600;

    private static final String FIELD_MANAGER = "sealcloud-devstack";
    private static final String AUDIENCE = "https://kubernetes.default.svc";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(600);

    private final Map<String, String> options;
    private final RealClusterFiles files;
    private final Path logs;
    private final List<Child> children = new ArrayList<>();
    private volatile KubeletStandIn standIn;
    private volatile boolean stopping;

    private record Child(String name, Process process) {}

    private RealKubernetes(Map<String, String> options) {
        this.options = options;
        this.files = new RealClusterFiles(Path.of(required("dir"))).ensure();
        this.logs = Path.of(required("logs"));
    }

    /**
     * {@code --bin <dir> --dir <state> --logs <dir> --port <api> --etcd-port <p> --etcd-peer-port <q> --kubeconfig
     * <admin kubeconfig> --crds <dir:dir…> --deploy <deploy/base> --services <a,b…>}
     */
    public static void main(String[] args) {
        RealKubernetes cluster = new RealKubernetes(parse(args));
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "kubernetes-stop"));
        int exit;
        try {
            exit = cluster.run();
        } catch (RuntimeException e) {
            say("FAILED: " + e.getMessage());
            e.printStackTrace(System.out);
            exit = 1;
        }
        System.exit(exit);
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private int run() {
        Instant begin = Instant.now();
        Path bin = Path.of(required("bin"));
        int apiPort = Integer.parseInt(required("port"));
        int etcdPort = Integer.parseInt(required("etcd-port"));
        int peerPort = Integer.parseInt(required("etcd-peer-port"));
        String server = "https://127.0.0.1:" + apiPort;
        String etcdUrl = "http://127.0.0.1:" + etcdPort;
        String peerUrl = "http://127.0.0.1:" + peerPort;
        say("Kubernetes " + KubernetesControlPlane.VERSION + " (real control plane; binaries in " + bin + ", state in "
                + files.dir() + ")");

        Child etcd = spawn(
                "etcd",
                bin.resolve("etcd").toString(),
                "--name=sealcloud",
                "--data-dir=" + files.etcdData(),
                "--listen-client-urls=" + etcdUrl,
                "--advertise-client-urls=" + etcdUrl,
                "--listen-peer-urls=" + peerUrl,
                "--initial-advertise-peer-urls=" + peerUrl,
                "--initial-cluster=sealcloud=" + peerUrl,
                // A long-running local store: keep an hour of history, not everything since the first up.
                "--auto-compaction-retention=1",
                "--log-level=warn");
        await("etcd", () -> listening(etcdPort), etcd);
        say("etcd ready at " + etcdUrl);

        Child apiserver = spawn(
                "apiserver",
                bin.resolve("kube-apiserver").toString(),
                "--etcd-servers=" + etcdUrl,
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                "--secure-port=" + apiPort,
                "--insecure-port=0",
                "--cert-dir=" + files.dir().resolve("apiserver-certs"),
                "--tls-cert-file=" + files.certificate(),
                "--tls-private-key-file=" + files.certificateKey(),
                "--token-auth-file=" + files.tokens(),
                "--authorization-mode=RBAC",
                "--service-account-issuer=" + AUDIENCE,
                "--service-account-signing-key-file=" + files.serviceAccountKey(),
                "--service-account-key-file=" + files.serviceAccountPublicKey(),
                "--api-audiences=" + AUDIENCE,
                "--service-cluster-ip-range=10.96.0.0/16",
                "--endpoint-reconciler-type=none",
                "--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,ResourceQuota",
                "--allow-privileged=true",
                "--profiling=false",
                "--v=0");
        HttpClient http = httpClient(files.certificate());
        String admin = files.token(RealClusterFiles.ADMIN);
        await("kube-apiserver", () -> status(http, server, admin, "/readyz") == 200, apiserver);
        Path adminKubeconfig = Path.of(required("kubeconfig"));
        RealClusterFiles.writePrivate(
                adminKubeconfig,
                RealClusterFiles.kubeconfig(server, files.caData(), RealClusterFiles.ADMIN, admin, "default"));
        say("kube-apiserver ready at " + server + " (admin kubeconfig " + adminKubeconfig + ")");

        RealClusterFiles.writePrivate(
                files.controllerManagerKubeconfig(),
                RealClusterFiles.kubeconfig(
                        server,
                        files.caData(),
                        RealClusterFiles.CONTROLLER_MANAGER,
                        files.token(RealClusterFiles.CONTROLLER_MANAGER),
                        "kube-system"));
        Child kcm = spawn(
                "controller-manager",
                bin.resolve("kube-controller-manager").toString(),
                "--kubeconfig=" + files.controllerManagerKubeconfig(),
                "--bind-address=127.0.0.1",
                "--secure-port=0",
                "--port=0",
                "--leader-elect=false",
                "--service-account-private-key-file=" + files.serviceAccountKey(),
                "--root-ca-file=" + files.certificate(),
                "--use-service-account-credentials=false",
                "--controllers=" + CONTROLLERS,
                "--v=0");
        // The ServiceAccount controller creating "default" proves the controller manager is up and syncing.
        await(
                "kube-controller-manager",
                () -> status(http, server, admin, "/api/v1/namespaces/default/serviceaccounts/default") == 200,
                kcm);
        say("kube-controller-manager ready");

        try (KubernetesClient client = client(server, admin)) {
            installCrds(client, paths(options.getOrDefault("crds", "")));
            List<String> services = Arrays.stream(
                            options.getOrDefault("services", "").split(","))
                    .filter(s -> !s.isBlank())
                    .toList();
            Path deploy = Path.of(required("deploy"));
            for (String service : services) {
                identity(client, server, deploy, service);
            }
        }
        standIn = KubeletStandIn.start(client(server, files.token(RealClusterFiles.KUBELET_STAND_IN)));
        say("kubelet stand-in registered Node " + KubeletStandIn.NODE + " (binds pods and reports them Running; no"
                + " container runs)");
        say(READY + " in " + Duration.between(begin, Instant.now()).toMillis() + " ms at " + server);

        // Runs until stopped; a child that dies takes the component down, so the launcher sees it stopped.
        CompletableFuture<Object> anyExit = CompletableFuture.anyOf(children.stream()
                .map(child -> child.process().onExit().thenApply(p -> child))
                .toArray(CompletableFuture[]::new));
        Child dead = (Child) anyExit.join();
        int code = dead.process().exitValue();
        if (stopping || code == 143) {
            // down: SIGTERM reached the whole process tree at once.
            say("stopping (SIGTERM): " + dead.name() + " has stopped");
            return 0;
        }
        say(dead.name() + " exited with code " + code + " (see " + log(dead.name()) + "); stopping the control plane");
        return 1;
    }

    /** Server-side applies every CRD found in {@code locations} (directories of *.yml or files). */
    private void installCrds(KubernetesClient client, List<Path> locations) {
        int count = 0;
        for (Path location : locations) {
            for (Path file : yamlFiles(location)) {
                for (HasMetadata item : load(client, file)) {
                    if (item instanceof CustomResourceDefinition crd) {
                        crd.getMetadata().setResourceVersion(null);
                        client.resource(crd)
                                .forceConflicts()
                                .fieldManager(FIELD_MANAGER)
                                .serverSideApply();
                        client.apiextensions()
                                .v1()
                                .customResourceDefinitions()
                                .withName(crd.getMetadata().getName())
                                .waitUntilCondition(RealKubernetes::established, 60, TimeUnit.SECONDS);
                        say("CRD " + crd.getMetadata().getName() + " established");
                        count++;
                    }
                }
            }
        }
        if (count == 0) {
            say("no CRDs found (build the services first)");
        }
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null
                && crd.getStatus() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * Applies {@code deploy/base/<service>/}'s ServiceAccount and RBAC as they are (namespaced objects into {@value
     * #SYSTEM_NAMESPACE}) and writes the service's kubeconfig with a token of that ServiceAccount. A service without
     * a ServiceAccount in deploy/ gets one without any permission: the API server will tell it what it lacks.
     */
    private void identity(KubernetesClient client, String server, Path deploy, String service) {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(SYSTEM_NAMESPACE)
                        .endMetadata()
                        .build())
                .forceConflicts()
                .fieldManager(FIELD_MANAGER)
                .serverSideApply();
        List<HasMetadata> objects = identityObjects(client, deploy.resolve(service));
        String account = objects.stream()
                .filter(o -> o instanceof ServiceAccount)
                .map(o -> o.getMetadata().getName())
                .findFirst()
                .orElse(null);
        if (account == null) {
            account = "sealcloud-" + service;
            objects.add(new ServiceAccountBuilder()
                    .withNewMetadata()
                    .withName(account)
                    .endMetadata()
                    .build());
            say("WARNING: " + deploy.resolve(service) + " has no ServiceAccount: " + service + " runs as " + account
                    + " without any permission");
        }
        for (HasMetadata object : objects) {
            if (!object.getKind().startsWith("Cluster")) {
                object.getMetadata().setNamespace(SYSTEM_NAMESPACE);
            }
            client.resource(object).forceConflicts().fieldManager(FIELD_MANAGER).serverSideApply();
        }
        String token = client.serviceAccounts()
                .inNamespace(SYSTEM_NAMESPACE)
                .withName(account)
                .tokenRequest(new TokenRequestBuilder()
                        .withNewSpec()
                        .withAudiences(AUDIENCE)
                        .withExpirationSeconds(SERVICE_TOKEN_SECONDS)
                        .endSpec()
                        .build())
                .getStatus()
                .getToken();
        Path kubeconfig = files.serviceKubeconfig(service);
        RealClusterFiles.writePrivate(
                kubeconfig,
                RealClusterFiles.kubeconfig(
                        server,
                        files.caData(),
                        "system:serviceaccount:" + SYSTEM_NAMESPACE + ":" + account,
                        token,
                        SYSTEM_NAMESPACE));
        say(service + " runs as ServiceAccount " + SYSTEM_NAMESPACE + "/" + account + " with the RBAC of "
                + deploy.resolve(service) + " (" + objects.size() + " objects; kubeconfig " + kubeconfig + ")");
    }

    /** The identity objects ({@link #IDENTITY_KINDS}) of one {@code deploy/base/<service>} directory. */
    static List<HasMetadata> identityObjects(KubernetesClient client, Path dir) {
        List<HasMetadata> objects = new ArrayList<>();
        for (Path file : yamlFiles(dir)) {
            if (file.getFileName().toString().startsWith("kustomization.")) {
                continue;
            }
            for (HasMetadata item : load(client, file)) {
                if (item != null && IDENTITY_KINDS.contains(item.getKind())) {
                    objects.add(item);
                }
            }
        }
        return objects;
    }

    private static List<Path> yamlFiles(Path location) {
        if (Files.isRegularFile(location)) {
            return List.of(location);
        }
        if (!Files.isDirectory(location)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(location)) {
            return list.filter(
                            p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<HasMetadata> load(KubernetesClient client, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return client.load(in).items();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static List<Path> paths(String joined) {
        return Arrays.stream(joined.split(File.pathSeparator))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .toList();
    }

    private KubernetesClient client(String server, String token) {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(
                        RealClusterFiles.kubeconfig(server, files.caData(), "sealcloud-devstack", token, "default")))
                .build();
    }

    // ------------------------------------------------------------------------------------------- processes

    /**
     * Starts {@code command} with its output in {@code logs/kubernetes-<name>.log}, under a shell watchdog that ends
     * it when this JVM is gone (so even a SIGKILL of this process leaves nothing behind).
     */
    private Child spawn(String name, String... command) {
        Path log = log(name);
        List<String> full = new ArrayList<>(List.of(
                "/bin/sh",
                "-c",
                "parent=$1; shift; \"$@\" & child=$!; trap 'kill -TERM $child 2>/dev/null; wait $child; exit 143' TERM INT;"
                        + " while kill -0 $parent 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done;"
                        + " kill -TERM $child 2>/dev/null; wait $child",
                name,
                Long.toString(ProcessHandle.current().pid())));
        full.addAll(List.of(command));
        try {
            Files.createDirectories(logs);
            if (Files.exists(log)) {
                Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            Process process = new ProcessBuilder(full)
                    .directory(files.dir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            Child child = new Child(name, process);
            synchronized (children) {
                children.add(child);
            }
            say("started " + name + " (pid " + process.pid() + ", log " + log + ")");
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    private Path log(String name) {
        return logs.resolve("kubernetes-" + name + ".log");
    }

    /** Stops the stand-in, then the children in reverse start order (controller manager, API server, etcd). */
    private void stop() {
        stopping = true;
        if (standIn != null) {
            standIn.close();
        }
        List<Child> reversed;
        synchronized (children) {
            reversed = new ArrayList<>(children);
        }
        java.util.Collections.reverse(reversed);
        for (Child child : reversed) {
            Process process = child.process();
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
            for (ProcessHandle handle : descendants) {
                if (handle.isAlive()) {
                    handle.destroyForcibly();
                }
            }
        }
    }

    private static void await(String what, BooleanSupplier ready, Child child) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (!ready.getAsBoolean()) {
            if (!child.process().isAlive()) {
                throw new IllegalStateException(
                        what + " exited with code " + child.process().exitValue() + " before it was ready");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(what + " not ready after " + READY_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int status(HttpClient http, String server, String token, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(server + path))
                    .header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(5))
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
        try (InputStream in = Files.newInputStream(caPem)) {
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
            throw new IllegalStateException("Cannot trust " + caPem, e);
        }
    }

    private String required(String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static void say(String line) {
        System.out.println(Instant.now() + " " + line);
        System.out.flush();
    }
}
