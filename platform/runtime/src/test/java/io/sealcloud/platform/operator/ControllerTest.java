package io.sealcloud.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The controller against the fabric8 mock API server in CRUD mode, without Quarkus. */
@EnableKubernetesMockClient(crud = true)
class ControllerTest {

    /** Hang guard for waiting on asynchronous reconciles: never an assertion about speed. */
    private static final Duration GUARD = Duration.ofSeconds(60);

    KubernetesMockServer server;
    KubernetesClient client;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Controller<?>> started = new CopyOnWriteArrayList<>();
    private WidgetReconciler widgets;

    @BeforeEach
    void setUp() {
        client.resource(Widget.crd()).create();
        widgets =
                new WidgetReconciler(new Applier(client, "sealcloud-test", ApplyMode.AUTO), new StatusUpdater(client));
    }

    @AfterEach
    void tearDown() {
        started.forEach(Controller::stop);
    }

    @Test
    void reconcilesANewObjectIntoItsChildAndReadyStatus() {
        start(widgetController().build());

        client.resource(Widget.of("ns1", "w1", "red")).create();

        await().atMost(GUARD).until(() -> readyWidget("w1"));
        assertThat(child("w1").getData()).containsEntry("color", "red");
    }

    @Test
    void recreatesADeletedChildBecauseItWatchesOwnedObjects() {
        // No resync: only the owned-object watch can bring the child back.
        start(widgetController().resyncPeriod(Duration.ZERO).build());
        client.resource(Widget.of("ns1", "w1", "red")).create();
        await().atMost(GUARD).until(() -> readyWidget("w1"));
        String firstUid = child("w1").getMetadata().getUid();

        client.configMaps().inNamespace("ns1").withName("w1-child").delete();

        await().atMost(GUARD).until(() -> {
            ConfigMap child =
                    client.configMaps().inNamespace("ns1").withName("w1-child").get();
            return child != null && !child.getMetadata().getUid().equals(firstUid);
        });
    }

    @Test
    void writesStatusOnceAndNothingOnAReconcileWithNothingToDo() throws Exception {
        Controller<Widget> controller =
                start(widgetController().resyncPeriod(Duration.ZERO).build());
        client.resource(Widget.of("ns1", "w1", "red")).create();
        await().atMost(GUARD).until(() -> readyWidget("w1"));
        String widgetVersion = widget("w1").getMetadata().getResourceVersion();
        String childVersion = child("w1").getMetadata().getResourceVersion();
        int before = widgets.reconciles.get();

        controller.enqueue("ns1/w1");

        await().atMost(GUARD).until(() -> widgets.reconciles.get() > before);
        assertThat(widget("w1").getMetadata().getResourceVersion()).isEqualTo(widgetVersion);
        assertThat(child("w1").getMetadata().getResourceVersion()).isEqualTo(childVersion);
        assertThat(statusWrites())
                .as("one status write, although the child's creation and our own write trigger more reconciles")
                .isEqualTo(1);
    }

    @Test
    void followsASpecChangeAndRecordsTheObservedGeneration() {
        start(widgetController().resyncPeriod(Duration.ZERO).build());
        client.resource(Widget.of("ns1", "w1", "red")).create();
        await().atMost(GUARD).until(() -> readyWidget("w1"));
        Long firstGeneration = widget("w1").getMetadata().getGeneration();

        client.resources(Widget.class).inNamespace("ns1").withName("w1").edit(w -> {
            w.getSpec().setColor("blue");
            return w;
        });

        await().atMost(GUARD).until(() -> "blue".equals(child("w1").getData().get("color")));
        await().atMost(GUARD).until(() -> {
            Widget widget = widget("w1");
            return widget.getMetadata()
                    .getGeneration()
                    .equals(widget.getStatus().getObservedGeneration());
        });
        Widget widget = widget("w1");
        assertThat(widget.getMetadata().getGeneration()).isGreaterThan(firstGeneration);
        assertThat(Conditions.find(widget.getStatus().getConditions(), Conditions.READY)
                        .orElseThrow()
                        .getObservedGeneration())
                .isEqualTo(widget.getMetadata().getGeneration());
    }

    @Test
    void resyncReconcilesAgainWithoutAnyEvent() {
        start(widgetController().resyncPeriod(Duration.ofSeconds(1)).build());
        client.resource(Widget.of("ns1", "w1", "red")).create();
        await().atMost(GUARD).until(() -> readyWidget("w1"));
        int afterReady = widgets.reconciles.get();

        await().atMost(GUARD).until(() -> widgets.reconciles.get() >= afterReady + 2);
    }

    @Test
    void retriesAFailingReconcileWithBackoffUntilItSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        Reconciler<Widget> flaky = widget -> {
            if (attempts.incrementAndGet() <= 3) {
                throw new IllegalStateException("transient failure " + attempts.get());
            }
            return widgets.reconcile(widget);
        };
        start(Controller.builder(client, Widget.class, flaky)
                .metrics(registry, "test")
                .resyncPeriod(Duration.ZERO)
                .backoff(new WorkQueue.Backoff(Duration.ofMillis(10), Duration.ofSeconds(1)))
                .build());

        client.resource(Widget.of("ns1", "w1", "red")).create();

        await().atMost(GUARD).until(() -> readyWidget("w1"));
        assertThat(attempts.get()).isGreaterThanOrEqualTo(4);
        assertThat(registry.get("sealcloud.test.reconcile.duration")
                        .tags("kind", "Widget", "result", "error")
                        .timer()
                        .count())
                .isEqualTo(3);
    }

    @Test
    void requeuesAfterTheDelayTheReconcilerAskedFor() {
        AtomicInteger calls = new AtomicInteger();
        start(Controller.builder(client, Widget.class, widget -> {
                    calls.incrementAndGet();
                    return ReconcileResult.requeueAfter(Duration.ofMillis(50));
                })
                .metrics(registry, "test")
                .resyncPeriod(Duration.ZERO)
                .build());

        client.resource(Widget.of("ns1", "w1", "red")).create();

        await().atMost(GUARD).until(() -> calls.get() >= 3);
        assertThat(registry.get("sealcloud.test.reconcile.duration")
                        .tags("kind", "Widget", "result", "requeue")
                        .timer()
                        .count())
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void tellsTheReconcilerWhenTheObjectIsGone() {
        List<String> deleted = new CopyOnWriteArrayList<>();
        start(Controller.builder(client, Widget.class, new Reconciler<Widget>() {
                    @Override
                    public ReconcileResult reconcile(Widget resource) {
                        return ReconcileResult.done();
                    }

                    @Override
                    public void onDeleted(String key) {
                        deleted.add(key);
                    }
                })
                .metrics(registry, "test")
                .build());
        client.resource(Widget.of("ns1", "w1", "red")).create();
        await().atMost(GUARD)
                .until(() -> registry.find("sealcloud.test.reconcile.duration")
                                .tags("result", "success")
                                .timer()
                        != null);

        client.resources(Widget.class).inNamespace("ns1").withName("w1").delete();

        await().atMost(GUARD).until(() -> deleted.contains("ns1/w1"));
    }

    @Test
    void mapsALabelledSecondaryToItsClusterScopedOwner() {
        Map<String, AtomicInteger> reconciled = new ConcurrentHashMap<>();
        start(Controller.builder(client, Namespace.class, ns -> {
                    reconciled
                            .computeIfAbsent(ns.getMetadata().getName(), k -> new AtomicInteger())
                            .incrementAndGet();
                    return ReconcileResult.done();
                })
                .metrics(registry, "test")
                .resyncPeriod(Duration.ZERO)
                .watchLabeled(ConfigMap.class, "sealcloud.io/workspace")
                .build());
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("ns-a")
                        .endMetadata()
                        .build())
                .create();
        await().atMost(GUARD).until(() -> reconciled.containsKey("ns-a"));
        int before = reconciled.get("ns-a").get();

        client.resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withNamespace("elsewhere")
                        .withName("quota")
                        .withLabels(Map.of("sealcloud.io/workspace", "ns-a"))
                        .endMetadata()
                        .build())
                .create();

        await().atMost(GUARD).until(() -> reconciled.get("ns-a").get() > before);
    }

    @Test
    void recordsQueueWaitAndQueueDepthPerKind() {
        start(widgetController().build());

        client.resource(Widget.of("ns1", "w1", "red")).create();

        await().atMost(GUARD).until(() -> readyWidget("w1"));
        assertThat(registry.get("sealcloud.test.reconcile.queue.wait")
                        .tag("kind", "Widget")
                        .timer()
                        .count())
                .isPositive();
        assertThat(registry.get("sealcloud.test.reconcile.queue.depth")
                        .tag("kind", "Widget")
                        .gauge()
                        .value())
                .isNotNegative();
        assertThat(registry.get("sealcloud.test.reconcile.duration")
                        .tags("kind", "Widget", "result", "success")
                        .timer()
                        .count())
                .isPositive();
    }

    @Test
    void canBeStoppedAndStartedAgain() {
        Controller<Widget> controller = start(widgetController().build());
        client.resource(Widget.of("ns1", "w1", "red")).create();
        await().atMost(GUARD).until(() -> readyWidget("w1"));

        controller.stop();
        assertThat(controller.isRunning()).isFalse();
        client.resource(Widget.of("ns1", "w2", "green")).create();
        controller.start();

        await().atMost(GUARD).until(() -> readyWidget("w2"));
        assertThat(controller.hasSynced()).isTrue();
    }

    private Controller.Builder<Widget> widgetController() {
        return Controller.builder(client, Widget.class, widgets)
                .metrics(registry, "test")
                .watchOwned(ConfigMap.class);
    }

    private <R extends io.fabric8.kubernetes.api.model.HasMetadata> Controller<R> start(Controller<R> controller) {
        started.add(controller);
        controller.start();
        return controller;
    }

    private Widget widget(String name) {
        return client.resources(Widget.class).inNamespace("ns1").withName(name).get();
    }

    private boolean readyWidget(String name) {
        Widget widget = widget(name);
        return widget != null
                && widget.getStatus() != null
                && Conditions.isTrue(widget.getStatus().getConditions(), Conditions.READY)
                && client.configMaps()
                                .inNamespace("ns1")
                                .withName(name + "-child")
                                .get()
                        != null;
    }

    /** Status writes the mock server received so far (drains its request log). */
    private int statusWrites() throws InterruptedException {
        int writes = 0;
        RecordedRequest request;
        while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
            if ("PUT".equals(request.getMethod()) && request.getPath().endsWith("/status")) {
                writes++;
            }
        }
        return writes;
    }

    private ConfigMap child(String name) {
        return client.configMaps().inNamespace("ns1").withName(name + "-child").get();
    }
}
