package io.sealcloud.clusters.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sealcloud.clusters.config.ClustersConfig;
import io.sealcloud.clusters.domain.Cluster;
import io.sealcloud.clusters.domain.ClusterCondition;
import io.sealcloud.clusters.domain.ClusterObservation;
import io.sealcloud.clusters.operator.crd.v1alpha1.KubeCluster;
import io.sealcloud.clusters.operator.crd.v1alpha1.KubeClusterStatus;
import io.sealcloud.clusters.operator.model.CapiSettings;
import io.sealcloud.clusters.operator.model.ClusterStatusModel;
import io.sealcloud.clusters.operator.model.DesiredCapiCluster;
import io.sealcloud.clusters.operator.model.DesiredVirtualCluster;
import io.sealcloud.clusters.operator.model.EngineHealth;
import io.sealcloud.clusters.operator.model.EngineLabels;
import io.sealcloud.clusters.operator.model.VirtualSettings;
import io.sealcloud.clusters.service.ClusterService;
import io.sealcloud.platform.operator.Applier;
import io.sealcloud.platform.operator.Conditions;
import io.sealcloud.platform.operator.ReconcileResult;
import io.sealcloud.platform.operator.Reconciler;
import io.sealcloud.platform.operator.StatusUpdater;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Drives a KubeCluster's engine to its spec: applies the provider's objects (server-side apply), reads their status,
 * aggregates it into the KubeCluster's conditions and reports it to the database (which publishes {@code
 * cluster.ready}). The database decides the spec: a KubeCluster whose intent generation differs is rewritten from it.
 * Deletion runs behind a finalizer that deletes the engine's objects and waits until they, and for capi the Machines,
 * are gone. Level-triggered: every reconcile does all of it; one with nothing to do writes nothing.
 */
@ApplicationScoped
public class KubeClusterReconciler implements Reconciler<KubeCluster> {

    private static final Logger LOG = Logger.getLogger(KubeClusterReconciler.class);

    private final KubernetesClient client;
    private final Applier applier;
    private final StatusUpdater statusUpdater;
    private final ClusterService service;
    private final KubeClusterWriter writer;
    private final VirtualSettings virtual;
    private final CapiSettings capi;
    private final Clock clock;
    private final Duration poll;

    public KubeClusterReconciler(
            KubernetesClient client,
            Applier applier,
            StatusUpdater statusUpdater,
            ClusterService service,
            KubeClusterWriter writer,
            VirtualSettings virtual,
            CapiSettings capi,
            Clock clock,
            ClustersConfig config) {
        this.client = client;
        this.applier = applier;
        this.statusUpdater = statusUpdater;
        this.service = service;
        this.writer = writer;
        this.virtual = virtual;
        this.capi = capi;
        this.clock = clock;
        this.poll = config.enginePoll();
    }

    @Override
    public ReconcileResult reconcile(KubeCluster kc) throws Exception {
        if (kc.getMetadata().getDeletionTimestamp() != null) {
            return deleteEngineObjects(kc);
        }
        kc = ensureFinalizer(kc);
        String ws = kc.getSpec().getWorkspaceId();
        String name = kc.getMetadata().getName();
        Cluster intent = Reconciler.awaitOnVertx(() -> service.intent(ws, name));
        if (intent == null) {
            return noIntent(kc);
        }
        if (intent.generation() != kc.getSpec().getIntentGeneration()) {
            writer.apply(intent); // the database decides; the spec update reconciles again
            return ReconcileResult.done();
        }
        EngineHealth health = "capi".equals(kc.getSpec().getProvider()) ? applyCapi(kc) : applyVirtual(kc);
        KubeClusterStatus status = ClusterStatusModel.of(kc, health, clock.instant());
        statusUpdater.update(kc, status);
        ClusterObservation observation = observation(kc, status);
        Reconciler.awaitOnVertx(() -> service.observed(ws, name, observation));
        return health.settled() ? ReconcileResult.done() : ReconcileResult.requeueAfter(poll);
    }

    private KubeCluster ensureFinalizer(KubeCluster kc) {
        if (kc.hasFinalizer(KubeCluster.FINALIZER)) {
            return kc;
        }
        return client.resource(kc).edit(k -> {
            k.addFinalizer(KubeCluster.FINALIZER);
            return k;
        });
    }

    // ---- virtual ---------------------------------------------------------------------------------------------------

    private EngineHealth applyVirtual(KubeCluster kc) {
        Map<String, Object> statefulSet = null;
        for (HasMetadata desired : DesiredVirtualCluster.of(kc, virtual)) {
            HasMetadata live = applier.apply(desired);
            if (live instanceof StatefulSet) {
                statefulSet = asMap(live);
            }
        }
        return EngineHealth.virtual(
                statefulSet,
                kc.getSpec().hibernated(),
                kc.getSpec().getKubernetesVersion(),
                DesiredVirtualCluster.endpoint(kc));
    }

    // ---- capi ------------------------------------------------------------------------------------------------------

    private EngineHealth applyCapi(KubeCluster kc) {
        Map<String, Object> cluster = null;
        Map<String, Object> controlPlane = null;
        List<Map<String, Object>> deployments = new ArrayList<>();
        Set<String> desiredNames = new HashSet<>();
        for (GenericKubernetesResource desired : DesiredCapiCluster.of(kc, capi)) {
            GenericKubernetesResource live = applier.apply(desired);
            desiredNames.add(desired.getKind() + "/" + desired.getMetadata().getName());
            switch (desired.getKind()) {
                case "Cluster" -> cluster = asMap(live);
                case "KamajiControlPlane", "KubeadmControlPlane" -> controlPlane = asMap(live);
                case "MachineDeployment" -> deployments.add(asMap(live));
                default -> {}
            }
        }
        pruneCapi(kc, desiredNames);
        return EngineHealth.capi(
                cluster,
                controlPlane,
                deployments,
                kc.getSpec().hibernated(),
                capi.kamaji(),
                kc.getSpec().getKubernetesVersion());
    }

    /** Deletes the cluster's objects no longer desired (machine templates of a previous version). */
    private void pruneCapi(KubeCluster kc, Set<String> desiredNames) {
        for (GenericKubernetesResource live :
                capiObjects(kc, List.of(DesiredCapiCluster.INFRASTRUCTURE, "KubevirtMachineTemplate"))) {
            if (!desiredNames.contains(live.getKind() + "/" + live.getMetadata().getName())) {
                LOG.infof(
                        "Deleting %s %s/%s: no longer desired",
                        live.getKind(),
                        live.getMetadata().getNamespace(),
                        live.getMetadata().getName());
                client.resource(live).delete();
            }
        }
    }

    private List<GenericKubernetesResource> capiObjects(KubeCluster kc, List<String> kind) {
        try {
            return client.genericKubernetesResources(kind.get(0), kind.get(1))
                    .inNamespace(capi.namespace())
                    .withLabel(EngineLabels.WORKSPACE, kc.getSpec().getWorkspaceId())
                    .withLabel(EngineLabels.CLUSTER, kc.getMetadata().getName())
                    .list()
                    .getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return List.of(); // the kind is not installed (e.g. KubeadmControlPlane next to Kamaji)
            }
            throw e;
        }
    }

    // ---- deletion --------------------------------------------------------------------------------------------------

    /**
     * Deletes the engine's objects and waits until nothing is left: for virtual the control plane's pods and volume
     * claims too, for capi every Machine of the cluster (the Cluster API cluster goes first: Cluster API deletes its
     * machines before it lets the Cluster go).
     */
    private ReconcileResult deleteEngineObjects(KubeCluster kc) throws Exception {
        if (!kc.hasFinalizer(KubeCluster.FINALIZER)) {
            return ReconcileResult.done();
        }
        List<String> left = "capi".equals(kc.getSpec().getProvider()) ? deleteCapi(kc) : deleteVirtual(kc);
        if (!left.isEmpty()) {
            statusUpdater.update(
                    kc, ClusterStatusModel.deleting(kc, left.size(), String.join(", ", left), clock.instant()));
            return ReconcileResult.requeueAfter(poll);
        }
        String ws = kc.getSpec().getWorkspaceId();
        String name = kc.getMetadata().getName();
        Reconciler.awaitOnVertx(() -> service.deleted(ws, name, kc.getSpec().getProvider()));
        client.resource(kc).edit(k -> {
            k.removeFinalizer(KubeCluster.FINALIZER);
            return k;
        });
        LOG.infof(
                "Deleted KubeCluster %s/%s: no engine object left",
                kc.getMetadata().getNamespace(), name);
        return ReconcileResult.done();
    }

    private List<String> deleteVirtual(KubeCluster kc) {
        String ns = kc.getMetadata().getNamespace();
        String name = kc.getMetadata().getName();
        List<String> left = new ArrayList<>();
        for (Class<? extends HasMetadata> kind : List.of(
                StatefulSet.class,
                Service.class,
                Secret.class,
                RoleBinding.class,
                ServiceAccount.class,
                Pod.class,
                PersistentVolumeClaim.class)) {
            // Pods and the StatefulSet's claims carry the selector labels (app=vcluster, release=<name>).
            Map<String, String> labels = kind == Pod.class || kind == PersistentVolumeClaim.class
                    ? Map.of("app", "vcluster", "release", name)
                    : Map.of(EngineLabels.CLUSTER, name);
            List<? extends HasMetadata> items = client.resources(kind)
                    .inNamespace(ns)
                    .withLabels(labels)
                    .list()
                    .getItems();
            for (HasMetadata item : items) {
                if (item.getMetadata().getDeletionTimestamp() == null && kind != Pod.class) {
                    client.resource(item).delete();
                }
                left.add(item.getKind() + " " + item.getMetadata().getName());
            }
        }
        return left;
    }

    private List<String> deleteCapi(KubeCluster kc) {
        List<String> left = new ArrayList<>();
        // The Cluster first: Cluster API deletes its control plane and machines, then lets the Cluster go.
        List<List<String>> kinds = new ArrayList<>(DesiredCapiCluster.KINDS);
        kinds.sort((a, b) -> Boolean.compare(!"Cluster".equals(a.get(1)), !"Cluster".equals(b.get(1))));
        boolean clusterLeft = false;
        for (List<String> kind : kinds) {
            for (GenericKubernetesResource item : capiObjects(kc, kind)) {
                boolean isCluster = "Cluster".equals(kind.get(1));
                clusterLeft |= isCluster;
                // Templates stay while the Cluster (and its MachineSets) may still use them.
                boolean template = kind.get(1).endsWith("Template") || "KubevirtCluster".equals(kind.get(1));
                if (item.getMetadata().getDeletionTimestamp() == null && (isCluster || !template || !clusterLeft)) {
                    client.resource(item).delete();
                }
                left.add(item.getKind() + " " + item.getMetadata().getName());
            }
        }
        for (GenericKubernetesResource machine : machines(kc)) {
            left.add("Machine " + machine.getMetadata().getName());
        }
        return left;
    }

    private List<GenericKubernetesResource> machines(KubeCluster kc) {
        try {
            return client.genericKubernetesResources(DesiredCapiCluster.CAPI, "Machine")
                    .inNamespace(capi.namespace())
                    .withLabel(EngineLabels.CAPI_CLUSTER_NAME, DesiredCapiCluster.clusterName(kc))
                    .list()
                    .getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private ReconcileResult noIntent(KubeCluster kc) {
        Instant now = clock.instant();
        String created = kc.getMetadata().getCreationTimestamp();
        if (created != null && Instant.parse(created).isAfter(now.minusSeconds(60))) {
            // The API writes the KubeCluster inside its transaction: the intent commits just after it.
            return ReconcileResult.requeueAfter(poll);
        }
        Long generation = kc.getMetadata().getGeneration();
        KubeClusterStatus previous = kc.getStatus() == null ? new KubeClusterStatus() : kc.getStatus();
        List<Condition> conditions = Conditions.set(
                previous.getConditions(),
                KubeCluster.DEGRADED,
                true,
                "NoIntent",
                "the clusters service has no such cluster: create clusters through its API",
                generation,
                now);
        conditions = Conditions.set(
                conditions, KubeCluster.READY, false, "NoIntent", "no intent in the database", generation, now);
        KubeClusterStatus status = new KubeClusterStatus();
        status.setConditions(conditions);
        status.setPhase("Degraded");
        statusUpdater.update(kc, status);
        return ReconcileResult.done();
    }

    private static ClusterObservation observation(KubeCluster kc, KubeClusterStatus status) {
        List<ClusterCondition> conditions = status.getConditions().stream()
                .map(c -> new ClusterCondition(
                        c.getType(),
                        c.getStatus(),
                        c.getReason(),
                        c.getMessage(),
                        c.getLastTransitionTime() == null ? null : Instant.parse(c.getLastTransitionTime())))
                .toList();
        return new ClusterObservation(
                kc.getSpec().getIntentGeneration(),
                status.getPhase(),
                Conditions.isTrue(status.getConditions(), KubeCluster.READY),
                status.getVersion(),
                status.getEndpoint(),
                conditions);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> asMap(HasMetadata live) {
        return client.getKubernetesSerialization().convertValue(live, Map.class);
    }
}
