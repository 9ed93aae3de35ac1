package io.sealcloud.metering.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sealcloud.metering.config.MeteringConfig;
import io.sealcloud.metering.domain.Allocations;
import io.sealcloud.metering.domain.Attribution;
import io.sealcloud.metering.domain.InventoryItem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * What every workspace holds right now, from fabric8 informers (watches, not polling): workspace namespaces
 * ({@code sealcloud.io/workspace=<id>}, set by accounts) and the Pods, PersistentVolumeClaims and Services in any
 * namespace, kept only when their namespace is a workspace's. Reading the inventory costs no API call.
 */
@ApplicationScoped
public class LiveInventory {

    public static final String WORKSPACE_LABEL = "sealcloud.io/workspace";

    private static final Logger LOG = Logger.getLogger(LiveInventory.class);

    private final KubernetesClient client;
    private final Set<String> gpuResources;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private SharedIndexInformer<Namespace> namespaces;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<PersistentVolumeClaim> claims;
    private SharedIndexInformer<Service> services;

    public LiveInventory(KubernetesClient client, MeteringConfig config) {
        this.client = client;
        this.gpuResources = Set.copyOf(config.gpuResources());
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts the informers without waiting for them (an unreachable API server must not stop the service). */
    public synchronized void start() {
        if (!informers.isEmpty()) {
            return;
        }
        namespaces = client.namespaces().withLabel(WORKSPACE_LABEL).runnableInformer(0);
        pods = client.pods().inAnyNamespace().runnableInformer(0);
        claims = client.persistentVolumeClaims().inAnyNamespace().runnableInformer(0);
        services = client.services().inAnyNamespace().runnableInformer(0);
        informers.addAll(List.of(namespaces, pods, claims, services));
        for (SharedIndexInformer<?> informer : informers) {
            informer.exceptionHandler((started, t) -> {
                LOG.warnf("Inventory informer failed, retrying: %s", t.getMessage());
                return true;
            });
            informer.start();
        }
    }

    public synchronized void stop() {
        informers.forEach(SharedIndexInformer::stop);
        informers.clear();
    }

    /** True once every informer has listed its kind: before that an inventory would be partial. */
    public synchronized boolean isSynced() {
        return !informers.isEmpty() && informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** Every object that holds something billable, in workspace namespaces, sorted by workspace, kind and name. */
    public synchronized List<InventoryItem> snapshot() {
        if (informers.isEmpty()) {
            return List.of();
        }
        Map<String, String> workspaceOfNamespace = new HashMap<>();
        for (Namespace ns : namespaces.getStore().list()) {
            String id = ns.getMetadata().getLabels() == null
                    ? null
                    : ns.getMetadata().getLabels().get(WORKSPACE_LABEL);
            if (id != null && !id.isBlank()) {
                workspaceOfNamespace.put(ns.getMetadata().getName(), id);
            }
        }
        List<InventoryItem> items = new ArrayList<>();
        collect(items, workspaceOfNamespace, pods, "Pod", pod -> Allocations.ofPod(pod, gpuResources));
        collect(items, workspaceOfNamespace, claims, "PersistentVolumeClaim", Allocations::ofPersistentVolumeClaim);
        collect(items, workspaceOfNamespace, services, "Service", Allocations::ofService);
        items.sort(Comparator.comparing(InventoryItem::workspaceId)
                .thenComparing(InventoryItem::kind)
                .thenComparing(InventoryItem::namespace)
                .thenComparing(InventoryItem::name));
        return items;
    }

    /** One workspace's billable objects. */
    public List<InventoryItem> snapshot(String workspaceId) {
        return snapshot().stream()
                .filter(item -> item.workspaceId().equals(workspaceId))
                .toList();
    }

    private static <T extends HasMetadata> void collect(
            List<InventoryItem> into,
            Map<String, String> workspaceOfNamespace,
            SharedIndexInformer<T> informer,
            String kind,
            Function<T, Map<String, Long>> allocation) {
        for (T object : informer.getStore().list()) {
            String workspace = workspaceOfNamespace.get(object.getMetadata().getNamespace());
            if (workspace == null) {
                continue;
            }
            Map<String, Long> held = allocation.apply(object);
            if (!held.isEmpty()) {
                into.add(new InventoryItem(
                        workspace,
                        kind,
                        object.getMetadata().getNamespace(),
                        object.getMetadata().getName(),
                        Attribution.fromLabels(object.getMetadata().getLabels()),
                        Map.copyOf(held)));
            }
        }
    }
}
