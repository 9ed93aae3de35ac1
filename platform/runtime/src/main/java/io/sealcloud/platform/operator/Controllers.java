package io.sealcloud.platform.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.sealcloud.platform.config.ServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Creates {@link Controller}s wired to the service's client, metrics and {@link OperatorConfig}. A service declares
 * its controller as a bean and the platform starts it under leader election:
 *
 * <pre>{@code
 * @Produces
 * @Singleton
 * Controller<Workspace> workspaceController(Controllers controllers, WorkspaceReconciler reconciler) {
 *     return controllers.builder(Workspace.class, reconciler)
 *             .watchLabeled(Namespace.class, "sealcloud.io/workspace")
 *             .build();
 * }
 * }</pre>
 *
 * Use {@code @Singleton} (not {@code @ApplicationScoped}): a controller is not proxyable and needs no proxy.
 */
@ApplicationScoped
public class Controllers {

    private final KubernetesClient client;
    private final MeterRegistry registry;
    private final ServiceConfig service;
    private final OperatorConfig config;

    public Controllers(KubernetesClient client, MeterRegistry registry, ServiceConfig service, OperatorConfig config) {
        this.client = client;
        this.registry = registry;
        this.service = service;
        this.config = config;
    }

    /** A builder pre-filled with client, metrics, resync period, workers and retry backoff from config. */
    public <R extends HasMetadata> Controller.Builder<R> builder(Class<R> type, Reconciler<R> reconciler) {
        return Controller.builder(client, type, reconciler)
                .metrics(registry, service.name())
                .resyncPeriod(config.resyncPeriod())
                .workers(config.workers())
                .backoff(new WorkQueue.Backoff(config.retryBaseDelay(), config.retryMaxDelay()));
    }
}
