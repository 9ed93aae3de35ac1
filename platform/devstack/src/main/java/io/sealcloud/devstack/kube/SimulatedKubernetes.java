package io.sealcloud.devstack.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A simulated Kubernetes API server for the local platform when no {@code KUBECONFIG} is set: the fabric8 mock
 * server in CRUD mode on localhost with discovery, the project's CRDs, the usual namespaces, a kubeconfig, and
 * its objects saved across restarts. It stores objects and streams watches; it runs no controllers, no RBAC, no
 * garbage collection and no server-side apply.
 */
public final class SimulatedKubernetes implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");
    private static final Duration SNAPSHOT_EVERY = Duration.ofSeconds(10);
    // Held so the level set below is not lost when the logger is garbage-collected.
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private final MockWebServer server;
    private final KubernetesCrudDispatcher crud;
    private final SimulatedApiDispatcher dispatcher;
    private final ClusterSnapshot snapshot;
    private final ScheduledExecutorService background;

    private SimulatedKubernetes(
            MockWebServer server,
            KubernetesCrudDispatcher crud,
            SimulatedApiDispatcher dispatcher,
            ClusterSnapshot snapshot,
            ScheduledExecutorService background) {
        this.server = server;
        this.crud = crud;
        this.dispatcher = dispatcher;
        this.snapshot = snapshot;
        this.background = background;
    }

    /**
     * Starts a server on {@code localhost:port} (0: a free port) that loads {@code state} if it exists (null: keep
     * nothing), creates the default namespaces and the CRDs found in {@code crdSources}, then answers ready.
     */
    public static SimulatedKubernetes start(int port, Path state, List<Path> crdSources) {
        // The mock logs every request at INFO; a long-running local server would fill its log with informer polls.
        MOCK_LOG.setLevel(Level.WARNING);
        KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
        ClusterSnapshot snapshot = state == null ? null : new ClusterSnapshot(state);
        int restored = snapshot == null ? 0 : snapshot.restore(crud);
        MockWebServer server = new MockWebServer();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        SimulatedApiDispatcher dispatcher =
                new SimulatedApiDispatcher(crud, ApiCatalog.builtin(), () -> "localhost:" + server.getPort());
        server.setDispatcher(dispatcher);
        server.start(loopback, port);
        ScheduledExecutorService background = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "simulated-kubernetes");
            thread.setDaemon(true);
            return thread;
        });
        SimulatedKubernetes kubernetes = new SimulatedKubernetes(server, crud, dispatcher, snapshot, background);
        // The mock records every request for tests to inspect; nobody takes them here, so drain them.
        background.execute(kubernetes::drainRecordedRequests);
        kubernetes.bootstrap(crdSources);
        if (snapshot != null) {
            background.scheduleWithFixedDelay(
                    kubernetes::saveQuietly,
                    SNAPSHOT_EVERY.toMillis(),
                    SNAPSHOT_EVERY.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        dispatcher.markReady();
        System.out.printf("Simulated Kubernetes API server on %s (%d objects restored)%n", kubernetes.url(), restored);
        return kubernetes;
    }

    public String url() {
        return "http://localhost:" + server.getPort();
    }

    public int port() {
        return server.getPort();
    }

    private void bootstrap(List<Path> crdSources) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        for (String namespace : NAMESPACES) {
            ObjectNode object = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
            object.putObject("metadata").put("name", namespace);
            object.putObject("status").put("phase", "Active");
            createOrReplace(client, "/api/v1/namespaces", namespace, object, false);
        }
        for (HasMetadata crd : customResourceDefinitions(crdSources)) {
            JsonNode object = read(Serialization.asJson(crd));
            createOrReplace(
                    client, SimulatedApiDispatcher.CRD_PATH, crd.getMetadata().getName(), object, true);
            System.out.println("CustomResourceDefinition " + crd.getMetadata().getName() + " applied");
        }
    }

    /** Creates the object, or (when {@code replace}) replaces an existing one's spec with this one's. */
    private void createOrReplace(HttpClient client, String collection, String name, JsonNode object, boolean replace) {
        String item = collection + "/" + name;
        HttpResponse<String> existing = send(client, "GET", item, null);
        if (existing.statusCode() == 404) {
            expect(send(client, "POST", collection, object.toString()), item);
        } else if (replace) {
            ObjectNode updated = object.deepCopy();
            updated.with("metadata")
                    .put(
                            "resourceVersion",
                            read(existing.body())
                                    .path("metadata")
                                    .path("resourceVersion")
                                    .asText());
            expect(send(client, "PUT", item, updated.toString()), item);
        }
    }

    private HttpResponse<String> send(HttpClient client, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void expect(HttpResponse<String> response, String what) {
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(
                    "Could not create " + what + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** The CustomResourceDefinitions in the given files and directories (*.yml, *.yaml, *.json). */
    static List<HasMetadata> customResourceDefinitions(List<Path> sources) {
        List<HasMetadata> crds = new ArrayList<>();
        for (Path source : sources) {
            List<Path> files;
            if (Files.isDirectory(source)) {
                try (Stream<Path> list = Files.list(source)) {
                    files = list.filter(f -> f.toString().matches(".*\\.(ya?ml|json)$"))
                            .sorted()
                            .toList();
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot list " + source, e);
                }
            } else if (Files.isRegularFile(source)) {
                files = List.of(source);
            } else {
                continue;
            }
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    Object parsed = Serialization.unmarshal(in);
                    if (parsed instanceof HasMetadata resource
                            && "CustomResourceDefinition".equals(resource.getKind())) {
                        crds.add(resource);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + file, e);
                }
            }
        }
        return crds;
    }

    private void drainRecordedRequests() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                server.takeRequest();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void saveQuietly() {
        try {
            snapshot.save(crud, dispatcher.catalog());
        } catch (RuntimeException e) {
            System.err.println("Could not save the simulated cluster's state: " + e);
        }
    }

    @Override
    public void close() {
        background.shutdownNow();
        if (snapshot != null) {
            snapshot.save(crud, dispatcher.catalog());
        }
        server.shutdown();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the server as its own process: {@code --port P --kubeconfig FILE [--state FILE] [--crds DIR:DIR]}. Writes
     * the kubeconfig once ready, saves its objects every 10 s and on SIGTERM.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        Path kubeconfig = null;
        Path state = null;
        List<Path> crds = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--kubeconfig" -> kubeconfig = Path.of(args[i + 1]);
                case "--state" -> state = Path.of(args[i + 1]);
                case "--crds" ->
                    Stream.of(args[i + 1].split(File.pathSeparator))
                            .filter(s -> !s.isBlank())
                            .map(Path::of)
                            .forEach(crds::add);
                default ->
                    throw new IllegalArgumentException(
                            "Unknown option " + args[i]
                                    + ". Usage: SimulatedKubernetes --port P --kubeconfig FILE [--state FILE] [--crds DIR:DIR]");
            }
        }
        SimulatedKubernetes kubernetes = start(port, state, crds);
        if (kubeconfig != null) {
            Kubeconfig.write(kubeconfig, kubernetes.url());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            kubernetes.close();
                            stopped.countDown();
                        },
                        "simulated-kubernetes-shutdown"));
        System.out.println("KUBERNETES READY " + kubernetes.url());
        System.out.flush();
        stopped.await();
    }
}
