package io.sealcloud.accounts.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.test.junit.QuarkusTest;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import io.sealcloud.accounts.operator.crd.v1alpha1.WorkspaceOwner;
import io.sealcloud.accounts.operator.crd.v1alpha1.WorkspaceSpec;
import io.sealcloud.accounts.operator.model.DesiredLimitRange;
import io.sealcloud.accounts.operator.model.DesiredMemberAccess;
import io.sealcloud.accounts.operator.model.DesiredNamespace;
import io.sealcloud.accounts.operator.model.DesiredNetworkPolicy;
import io.sealcloud.accounts.operator.model.DesiredResourceQuota;
import io.sealcloud.accounts.operator.model.DesiredRoles;
import io.sealcloud.accounts.operator.model.LimitDefaults;
import io.sealcloud.accounts.operator.model.QuotaDefaults;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The numbers in docs/benchmarks/workspaces.md: on the real control plane, a workspace accepted by the API ({@code
 * POST /workspaces} answered 201) until its Workspace resource says {@code Ready=True} for its generation, one at a
 * time and N at once; beside it, the same objects (namespace, quota, limit range, two network policies, three
 * roles, the owner's ServiceAccount and RoleBinding) created directly with an admin fabric8 client, as kubectl would.
 * Off unless {@code -Dsealcloud.benchmark=true}; docs/benchmarks/workspaces.sh runs it.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "accounts")
@WithKeycloak
@WithControlPlane(serviceAccount = "accounts")
@EnabledIfSystemProperty(named = "sealcloud.benchmark", matches = "true")
class WorkspaceProvisioningBenchmarkTest {

    private static final int CLIENTS = 16;

    @Test
    void measuresAcceptedToReadyForOneAndForManyAgainstCreatingTheSameObjectsDirectly() throws Exception {
        int repeats = Integer.getInteger("sealcloud.benchmark.repeats", 20);
        int count = Integer.getInteger("sealcloud.benchmark.workspaces", 1000);
        KubernetesClient admin = Cluster.admin();
        TestUser user = KeycloakTestResource.realm().createUniqueUser("bench");
        Api.me(user.token()).statusCode(200);
        String token = user.token();
        String loadBefore = loadAverage();

        Map<String, Long> readyAt = new ConcurrentHashMap<>();
        SharedIndexInformer<Workspace> informer = admin.resources(Workspace.class)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Workspace w) {
                        seen(w);
                    }

                    @Override
                    public void onUpdate(Workspace before, Workspace w) {
                        seen(w);
                    }

                    @Override
                    public void onDelete(Workspace w, boolean unknown) {}

                    private void seen(Workspace w) {
                        if (w.isReady()
                                && w.getStatus() != null
                                && w.getMetadata()
                                        .getGeneration()
                                        .equals(w.getStatus().getObservedGeneration())) {
                            readyAt.putIfAbsent(w.getMetadata().getName(), System.nanoTime());
                        }
                    }
                });
        try {
            // One at a time.
            List<Long> single = new ArrayList<>();
            for (int i = 0; i < repeats; i++) {
                long accepted = create(token, "one-" + i);
                String id = lastCreated;
                single.add(awaitReady(readyAt, id, 60) - accepted);
            }

            // N at once: every request sent together by CLIENTS threads.
            Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            long burstStart = System.nanoTime();
            List<Future<?>> posts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = "many-" + i;
                posts.add(pool.submit(() -> {
                    String id = Api.create(token, "{\"name\":\"" + name + "\"}")
                            .statusCode(201)
                            .extract()
                            .path("id");
                    acceptedAt.put(id, System.nanoTime());
                }));
            }
            for (Future<?> post : posts) {
                post.get();
            }
            long allAccepted = System.nanoTime();
            pool.shutdown();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
            while (!readyAt.keySet().containsAll(acceptedAt.keySet()) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(readyAt.keySet()).containsAll(acceptedAt.keySet());
            long lastReady =
                    acceptedAt.keySet().stream().mapToLong(readyAt::get).max().orElseThrow();
            List<Long> many = new ArrayList<>();
            acceptedAt.forEach((id, at) -> many.add(readyAt.get(id) - at));
            String loadAfterAccounts = loadAverage();

            // Baseline: the same objects, created directly (admin, CLIENTS threads), one at a time and N at once.
            List<Long> directSingle = new ArrayList<>();
            for (int i = 0; i < repeats; i++) {
                long start = System.nanoTime();
                createDirectly(admin);
                directSingle.add(System.nanoTime() - start);
            }
            ExecutorService direct = Executors.newFixedThreadPool(CLIENTS);
            long directStart = System.nanoTime();
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                creates.add(direct.submit(() -> createDirectly(admin)));
            }
            for (Future<?> create : creates) {
                create.get();
            }
            long directEnd = System.nanoTime();
            direct.shutdown();
            String loadAfterDirect = loadAverage();

            String report = String.format(
                    Locale.ROOT,
                    "accepted (POST /workspaces 201) -> Workspace Ready=True (observedGeneration == generation)%n"
                            + "one at a time (%d): p50 %d ms, p95 %d ms, max %d ms%n"
                            + "%d at once (%d client threads): all accepted after %.1f s, all Ready after %.1f s;"
                            + " per workspace p50 %d ms, p95 %d ms, max %d ms%n"
                            + "baseline, the same 10 objects created directly (admin fabric8 client):%n"
                            + "one at a time (%d): p50 %d ms, p95 %d ms%n"
                            + "%d at once (%d client threads): %.1f s%n"
                            + "ratio (accounts / direct): one p50 %.1fx; %d at once %.1fx%n"
                            + "load average (1/5/15 min) before: %s; after accounts: %s; after direct: %s%n",
                    repeats,
                    millis(percentile(single, 50)),
                    millis(percentile(single, 95)),
                    millis(percentile(single, 100)),
                    count,
                    CLIENTS,
                    (allAccepted - burstStart) / 1e9,
                    (lastReady - burstStart) / 1e9,
                    millis(percentile(many, 50)),
                    millis(percentile(many, 95)),
                    millis(percentile(many, 100)),
                    repeats,
                    millis(percentile(directSingle, 50)),
                    millis(percentile(directSingle, 95)),
                    count,
                    CLIENTS,
                    (directEnd - directStart) / 1e9,
                    (double) percentile(single, 50) / percentile(directSingle, 50),
                    count,
                    (double) (lastReady - burstStart) / (directEnd - directStart),
                    loadBefore,
                    loadAfterAccounts,
                    loadAfterDirect);
            System.out.println("WORKSPACES BENCHMARK\n" + report);
            Files.writeString(Path.of("target", "workspaces-benchmark.txt"), report, StandardCharsets.UTF_8);
        } finally {
            informer.close();
        }
    }

    private String lastCreated;

    /** Creates a team workspace and returns when it was accepted (nanoTime); its id in {@link #lastCreated}. */
    private long create(String token, String name) {
        lastCreated = Api.create(token, "{\"name\":\"" + name + "\"}")
                .statusCode(201)
                .extract()
                .path("id");
        return System.nanoTime();
    }

    private static long awaitReady(Map<String, Long> readyAt, String id, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!readyAt.containsKey(id)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Workspace " + id + " not Ready after " + seconds + " s");
            }
            Thread.sleep(5);
        }
        return readyAt.get(id);
    }

    /** What the controller writes for a new team workspace, created by the admin (no ownerReferences: no owner). */
    private static void createDirectly(KubernetesClient admin) {
        String id = "b" + UUID.randomUUID().toString().replace("-", "").substring(0, 9);
        Workspace workspace = new Workspace();
        workspace.setMetadata(new ObjectMetaBuilder()
                .withName(id)
                .withUid(UUID.randomUUID().toString())
                .withGeneration(1L)
                .build());
        workspace.setSpec(new WorkspaceSpec("bench", new WorkspaceOwner("bench-" + id, "bench"), "team", null));
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(DesiredNamespace.of(workspace));
        objects.add(DesiredResourceQuota.of(
                workspace,
                new QuotaDefaults(new Quantity("16"), new Quantity("64Gi"), new Quantity("100Gi"), 100, 10)));
        objects.add(DesiredLimitRange.of(
                workspace,
                new LimitDefaults(new Quantity("50m"), new Quantity("64Mi"), new Quantity("1"), new Quantity("1Gi"))));
        objects.addAll(DesiredNetworkPolicy.of(workspace));
        objects.addAll(DesiredRoles.of(workspace));
        var owner = DesiredMemberAccess.members(workspace).get(0);
        objects.add(DesiredMemberAccess.serviceAccount(workspace, owner, TeamsTest.MEMBERS_NS));
        objects.add(DesiredMemberAccess.roleBinding(workspace, owner, "oidc:", TeamsTest.MEMBERS_NS));
        for (HasMetadata object : objects) {
            // No owner (none exists) and not the workspace label: the controller must not take these for its own.
            Map<String, String> labels =
                    new java.util.HashMap<>(object.getMetadata().getLabels());
            labels.remove("sealcloud.io/workspace");
            labels.put("sealcloud.io/benchmark", "direct");
            object.getMetadata().setLabels(labels);
            object.getMetadata().setOwnerReferences(null);
            admin.resource(object).create();
        }
    }

    private static long percentile(List<Long> values, int p) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int index = Math.max(0, (int) Math.ceil(sorted.length * p / 100.0) - 1);
        return sorted[Math.min(index, sorted.length - 1)];
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
