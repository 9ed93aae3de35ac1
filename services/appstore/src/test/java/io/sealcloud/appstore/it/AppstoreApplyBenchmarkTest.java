package io.sealcloud.appstore.it;

import static io.restassured.RestAssured.given;
import static io.sealcloud.appstore.it.AppLifecycleTest.INSTANCE_LABEL;
import static io.sealcloud.appstore.it.AppLifecycleTest.k8s;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sealcloud.appstore.it.AppLifecycleTest.Tenant;
import io.sealcloud.appstore.operator.crd.v1alpha1.AppInstance;
import io.sealcloud.testkit.ControlPlaneTestResource;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The numbers in docs/benchmarks/appstore-apply.md: app installs per minute on the real control plane (installs queued
 * through the API, until the AppInstance controller has applied every object of every instance, and until every
 * instance is Ready), beside {@code kubectl apply} of the same objects in the same run. Off unless {@code
 * -Dsealcloud.benchmark=true}; docs/benchmarks/appstore-apply.sh runs it.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "appstore")
@WithKeycloak
@WithControlPlane(serviceAccount = "appstore")
@EnabledIfSystemProperty(named = "sealcloud.benchmark", matches = "true")
class AppstoreApplyBenchmarkTest {

    /** Objects per install of the lifecycle demo: Deployment, Service, PersistentVolumeClaim, Secret. */
    static final int OBJECTS = 4;

    @Inject
    MeterRegistry registry;

    @Test
    void measuresInstallsPerMinuteBesideKubectlApply() throws Exception {
        int installs = Integer.getInteger("sealcloud.benchmark.installs", 100);
        int workspaces = Integer.getInteger("sealcloud.benchmark.workspaces", 10);
        List<Tenant> tenants = new ArrayList<>();
        for (int i = 0; i < workspaces; i++) {
            tenants.add(AppLifecycleTest.tenant());
        }
        Map<String, Long> applied = new ConcurrentHashMap<>();
        Map<String, Long> ready = new ConcurrentHashMap<>();
        SharedIndexInformer<AppInstance> watch = k8s().resources(AppInstance.class)
                .inAnyNamespace()
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(AppInstance app) {
                        seen(app);
                    }

                    @Override
                    public void onUpdate(AppInstance before, AppInstance app) {
                        seen(app);
                    }

                    @Override
                    public void onDelete(AppInstance app, boolean unknown) {}

                    private void seen(AppInstance app) {
                        String key = app.getMetadata().getNamespace() + "/"
                                + app.getMetadata().getName();
                        if (app.getStatus() != null
                                && app.getStatus().getObjects() != null
                                && app.getStatus().getObjects().size() == OBJECTS) {
                            applied.putIfAbsent(key, System.nanoTime());
                        }
                        if (app.getStatus() != null && "True".equals(AppLifecycleTest.condition(app, "Ready"))) {
                            ready.putIfAbsent(key, System.nanoTime());
                        }
                    }
                });
        double loadBefore = load();
        long reconcilesBefore = reconciles();

        // 1. Queue the installs through the API (8 clients), as a burst of users would.
        String[] tokens = tenants.stream().map(t -> t.owner().token()).toArray(String[]::new);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        long start = System.nanoTime();
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < installs; i++) {
            Tenant t = tenants.get(i % workspaces);
            String token = tokens[i % workspaces];
            String name = "bench-" + i;
            answers.add(clients.submit(() -> given().auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .body(Map.of(
                            "template",
                            TestTemplates.NAME,
                            "version",
                            "1.0.0",
                            "name",
                            name,
                            "inputs",
                            Map.of("greeting", "hi")))
                    .post(t.apps())
                    .statusCode()));
        }
        for (Future<Integer> answer : answers) {
            assertThat(answer.get(10, TimeUnit.MINUTES)).isEqualTo(201);
        }
        long accepted = System.nanoTime();
        clients.shutdown();
        waitFor(() -> applied.size() >= installs, Duration.ofMinutes(20));
        long allApplied =
                applied.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        double loadApplied = load();
        waitFor(() -> ready.size() >= installs, Duration.ofMinutes(20));
        long allReady = ready.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        long reconciles = reconciles() - reconcilesBefore;
        watch.close();

        // 2. kubectl apply of the same objects (copied from the instances, in a namespace of their own).
        String kubectlNs = "bench-kubectl-" + System.currentTimeMillis() % 100_000;
        String serverSideNs = kubectlNs + "-ssa";
        AppLifecycleTest.namespace(kubectlNs, "bench");
        AppLifecycleTest.namespace(serverSideNs, "bench");
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Tenant t : tenants) {
            for (Class<? extends HasMetadata> kind :
                    List.of(Deployment.class, Service.class, PersistentVolumeClaim.class, Secret.class)) {
                for (HasMetadata live : k8s().resources(kind)
                        .inNamespace(t.ns())
                        .withLabel(INSTANCE_LABEL)
                        .list()
                        .getItems()) {
                    objects.add(desired(live));
                }
            }
        }
        assertThat(objects).hasSize(installs * OBJECTS);
        double loadKubectl = load();
        double kubectlSeconds = kubectl(objects, kubectlNs, false);
        double serverSideSeconds = kubectl(objects, serverSideNs, true);

        double appliedSeconds = seconds(start, allApplied);
        double readySeconds = seconds(start, allReady);
        double rate = installs / appliedSeconds * 60;
        double kubectlRate = installs / kubectlSeconds * 60;
        String report = String.format(
                java.util.Locale.ROOT,
                """
                installs: %d (lifecycle-demo 1.0.0, %d objects each) in %d workspaces, queued by 8 API clients
                load average before: %.2f, when all were applied: %.2f, before kubectl: %.2f (2 cores)
                API accepted all installs in %.1f s
                appstore: every object of every instance applied after %.1f s = %.0f installs/min
                appstore: every instance Ready (pods run by the kubelet stand-in) after %.1f s = %.0f installs/min
                reconciles: %d (%.1f per install)
                kubectl apply (client-side, one invocation, %d objects): %.1f s = %.0f installs/min
                kubectl apply --server-side (one invocation): %.1f s = %.0f installs/min
                ratio appstore applied / kubectl apply: %.0f %%
                """,
                installs,
                OBJECTS,
                workspaces,
                loadBefore,
                loadApplied,
                loadKubectl,
                seconds(start, accepted),
                appliedSeconds,
                rate,
                readySeconds,
                installs / readySeconds * 60,
                reconciles,
                (double) reconciles / installs,
                objects.size(),
                kubectlSeconds,
                kubectlRate,
                serverSideSeconds,
                installs / serverSideSeconds * 60,
                100 * rate / kubectlRate);
        System.out.println("APPSTORE APPLY BENCHMARK\n" + report);
        Files.writeString(Path.of("target", "appstore-apply-benchmark.txt"), report, StandardCharsets.UTF_8);
    }

    /** What a user would keep in a manifest: no status, no server-set metadata, no owner (another namespace). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> desired(HasMetadata live) {
        Map<String, Object> object = k8s().getKubernetesSerialization().convertValue(live, Map.class);
        object.remove("status");
        Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
        Map<String, Object> kept = new HashMap<>();
        kept.put("name", metadata.get("name"));
        kept.put("labels", metadata.get("labels"));
        object.put("metadata", kept);
        if (object.get("spec") instanceof Map<?, ?> spec && "Service".equals(live.getKind())) {
            ((Map<String, Object>) spec).remove("clusterIP");
            ((Map<String, Object>) spec).remove("clusterIPs");
        }
        return object;
    }

    /** Runs kubectl apply on every object in one invocation and returns its wall time in seconds. */
    static double kubectl(List<Map<String, Object>> objects, String namespace, boolean serverSide) throws Exception {
        StringBuilder yaml = new StringBuilder();
        for (Map<String, Object> object : objects) {
            yaml.append("---\n").append(k8s().getKubernetesSerialization().asYaml(object));
        }
        Path file = Path.of("target", "appstore-apply-" + namespace + ".yaml");
        Files.writeString(file, yaml.toString(), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(
                "/usr/bin/kubectl",
                "--kubeconfig",
                ControlPlaneTestResource.adminKubeconfig().toString(),
                "apply",
                "-n",
                namespace,
                "-f",
                file.toString()));
        if (serverSide) {
            command.add("--server-side");
        }
        long begin = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "appstore-apply-" + namespace + ".log")
                        .toFile())
                .start();
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        long end = System.nanoTime();
        assertThat(process.exitValue())
                .as("kubectl apply, see target/appstore-apply-*.log")
                .isZero();
        return seconds(begin, end);
    }

    long reconciles() {
        return registry.find("sealcloud.appstore.reconcile.duration").timers().stream()
                .mapToLong(Timer::count)
                .sum();
    }

    static void waitFor(java.util.function.BooleanSupplier done, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not done within " + limit);
            }
            Thread.sleep(50);
        }
    }

    static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }

    static double load() throws java.io.IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
    }
}
