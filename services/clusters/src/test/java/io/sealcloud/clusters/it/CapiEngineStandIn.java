package io.sealcloud.clusters.it;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A <b>stand-in</b> for the Cluster API, Kamaji and KubeVirt controllers, which do not run in the test control plane:
 * it moves the engine objects' status the way those controllers document it, and nothing more. Every 100 ms, in the
 * management namespace:
 *
 * <ul>
 *   <li>a {@code Cluster} gets Cluster API's finalizer {@code cluster.cluster.x-k8s.io}, {@code
 *       status.infrastructureReady=true}, {@code phase=Provisioned} and a {@code spec.controlPlaneEndpoint} (what
 *       Kamaji writes); a deleted Cluster has its MachineDeployments and control plane deleted and loses its
 *       finalizer only once no Machine of it is left (Cluster API's deletion order);
 *   <li>a {@code KamajiControlPlane} / {@code KubeadmControlPlane} reports {@code ready}, {@code version} = its spec
 *       and {@code replicas}/{@code readyReplicas} = its spec's replicas;
 *   <li>a {@code MachineDeployment} gets one {@code Machine} per replica at its template's version (owned by it, with
 *       the finalizer {@code machine.cluster.x-k8s.io}); machines of another version or beyond the replica count are
 *       deleted and replaced (a rolling update); its status counts them as Cluster API does;
 *   <li>a deleted Machine loses its finalizer on the next tick (the VM is gone).
 * </ul>
 */
final class CapiEngineStandIn implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CapiEngineStandIn.class);
    static final String CAPI = "cluster.x-k8s.io/v1beta1";
    static final String CLUSTER_FINALIZER = "cluster.cluster.x-k8s.io";
    static final String MACHINE_FINALIZER = "machine.cluster.x-k8s.io";
    static final String CLUSTER_NAME = "cluster.x-k8s.io/cluster-name";
    static final String DEPLOYMENT_NAME = "cluster.x-k8s.io/deployment-name";

    private final KubernetesClient client;
    private final String namespace;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "capi-stand-in");
        t.setDaemon(true);
        return t;
    });

    CapiEngineStandIn(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        timer.scheduleWithFixedDelay(this::tickSafely, 0, 100, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        client.close();
    }

    private void tickSafely() {
        try {
            tick();
        } catch (KubernetesClientException e) {
            LOG.debugf("stand-in tick: %s", e.getMessage()); // conflicts and races: the next tick tries again
        } catch (RuntimeException e) {
            LOG.warn("stand-in tick failed", e);
        }
    }

    private void tick() {
        for (GenericKubernetesResource machine : list(CAPI, "Machine")) {
            if (machine.getMetadata().getDeletionTimestamp() != null) {
                removeFinalizer(machine, MACHINE_FINALIZER);
            }
        }
        for (String[] cp : new String[][] {
            {"controlplane.cluster.x-k8s.io/v1alpha1", "KamajiControlPlane"},
            {"controlplane.cluster.x-k8s.io/v1beta1", "KubeadmControlPlane"}
        }) {
            for (GenericKubernetesResource plane : list(cp[0], cp[1])) {
                long replicas = number(spec(plane).get("replicas"));
                Map<String, Object> status = new LinkedHashMap<>();
                status.put("ready", true);
                status.put("initialized", true);
                status.put("version", spec(plane).get("version"));
                status.put("replicas", replicas);
                status.put("readyReplicas", replicas);
                status.put("updatedReplicas", replicas);
                setStatus(plane, status);
            }
        }
        for (GenericKubernetesResource md : list(CAPI, "MachineDeployment")) {
            if (md.getMetadata().getDeletionTimestamp() == null) {
                machineDeployment(md);
            }
        }
        for (GenericKubernetesResource cluster : list(CAPI, "Cluster")) {
            cluster(cluster);
        }
    }

    private void cluster(GenericKubernetesResource cluster) {
        String name = cluster.getMetadata().getName();
        if (cluster.getMetadata().getDeletionTimestamp() != null) {
            for (String[] kind : new String[][] {
                {CAPI, "MachineDeployment"},
                {"controlplane.cluster.x-k8s.io/v1alpha1", "KamajiControlPlane"},
                {"controlplane.cluster.x-k8s.io/v1beta1", "KubeadmControlPlane"}
            }) {
                for (GenericKubernetesResource child : list(kind[0], kind[1])) {
                    if (name.equals(label(child, CLUSTER_NAME))
                            && child.getMetadata().getDeletionTimestamp() == null) {
                        client.resource(child).delete();
                    }
                }
            }
            boolean machinesLeft = list(CAPI, "Machine").stream().anyMatch(m -> name.equals(label(m, CLUSTER_NAME)));
            if (!machinesLeft) {
                removeFinalizer(cluster, CLUSTER_FINALIZER);
            }
            return;
        }
        if (cluster.getMetadata().getFinalizers() == null
                || !cluster.getMetadata().getFinalizers().contains(CLUSTER_FINALIZER)) {
            client.genericKubernetesResources(CAPI, "Cluster")
                    .inNamespace(namespace)
                    .withName(name)
                    .edit(c -> {
                        List<String> finalizers = c.getMetadata().getFinalizers() == null
                                ? new ArrayList<>()
                                : new ArrayList<>(c.getMetadata().getFinalizers());
                        finalizers.add(CLUSTER_FINALIZER);
                        c.getMetadata().setFinalizers(finalizers);
                        return c;
                    });
        }
        if (!(spec(cluster).get("controlPlaneEndpoint") instanceof Map<?, ?>)) {
            client.genericKubernetesResources(CAPI, "Cluster")
                    .inNamespace(namespace)
                    .withName(name)
                    .edit(c -> {
                        spec(c).put(
                                        "controlPlaneEndpoint",
                                        Map.of("host", name + "." + namespace + ".svc", "port", 6443));
                        return c;
                    });
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("infrastructureReady", true);
        status.put("controlPlaneReady", true);
        status.put("phase", "Provisioned");
        status.put(
                "conditions",
                List.of(
                        Map.of("type", "Ready", "status", "True", "lastTransitionTime", "2026-12-08T00:00:00Z"),
                        Map.of(
                                "type",
                                "InfrastructureReady",
                                "status",
                                "True",
                                "lastTransitionTime",
                                "2026-12-08T00:00:00Z")));
        setStatus(cluster, status);
    }

    @SuppressWarnings("unchecked")
    private void machineDeployment(GenericKubernetesResource md) {
        String name = md.getMetadata().getName();
        long want = number(spec(md).get("replicas"));
        Map<String, Object> template =
                (Map<String, Object>) ((Map<String, Object>) spec(md).get("template")).get("spec");
        String version = Objects.toString(template.get("version"), "");
        List<GenericKubernetesResource> current = new ArrayList<>();
        for (GenericKubernetesResource machine : list(CAPI, "Machine")) {
            if (!name.equals(label(machine, DEPLOYMENT_NAME))
                    || machine.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            if (!version.equals(spec(machine).get("version")) || current.size() >= want) {
                client.resource(machine).delete(); // rolled over, or scaled down
            } else {
                current.add(machine);
            }
        }
        for (long i = current.size(); i < want; i++) {
            GenericKubernetesResource machine = new GenericKubernetesResource();
            machine.setApiVersion(CAPI);
            machine.setKind("Machine");
            machine.setMetadata(new ObjectMetaBuilder()
                    .withName(name + "-" + UUID.randomUUID().toString().substring(0, 5))
                    .withNamespace(namespace)
                    .withLabels(Map.of(CLUSTER_NAME, label(md, CLUSTER_NAME), DEPLOYMENT_NAME, name))
                    .withFinalizers(MACHINE_FINALIZER)
                    .withOwnerReferences(new OwnerReferenceBuilder()
                            .withApiVersion(CAPI)
                            .withKind("MachineDeployment")
                            .withName(name)
                            .withUid(md.getMetadata().getUid())
                            .build())
                    .build());
            Map<String, Object> spec = new LinkedHashMap<>(template);
            machine.setAdditionalProperty("spec", spec);
            client.resource(machine).create();
            current.add(machine);
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("observedGeneration", md.getMetadata().getGeneration());
        status.put("replicas", current.size());
        status.put("readyReplicas", current.size());
        status.put("updatedReplicas", current.size());
        status.put("availableReplicas", current.size());
        status.put("phase", current.size() == want ? "Running" : "ScalingUp");
        setStatus(md, status);
    }

    private List<GenericKubernetesResource> list(String apiVersion, String kind) {
        return client.genericKubernetesResources(apiVersion, kind)
                .inNamespace(namespace)
                .list()
                .getItems();
    }

    @SuppressWarnings("unchecked")
    private void setStatus(GenericKubernetesResource object, Map<String, Object> status) {
        Object old = object.getAdditionalProperties().get("status");
        if (client.getKubernetesSerialization().convertValue(status, Map.class).equals(old)) {
            return;
        }
        object.getAdditionalProperties().put("status", status);
        client.genericKubernetesResources(object.getApiVersion(), object.getKind())
                .inNamespace(namespace)
                .resource(object)
                .updateStatus();
    }

    private void removeFinalizer(GenericKubernetesResource object, String finalizer) {
        if (object.getMetadata().getFinalizers() == null
                || !object.getMetadata().getFinalizers().contains(finalizer)) {
            return;
        }
        client.genericKubernetesResources(object.getApiVersion(), object.getKind())
                .inNamespace(namespace)
                .withName(object.getMetadata().getName())
                .edit(o -> {
                    List<String> finalizers = new ArrayList<>(o.getMetadata().getFinalizers());
                    finalizers.remove(finalizer);
                    o.getMetadata().setFinalizers(finalizers);
                    return o;
                });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource object) {
        return (Map<String, Object>)
                object.getAdditionalProperties().computeIfAbsent("spec", k -> new LinkedHashMap<>());
    }

    private static String label(GenericKubernetesResource object, String key) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
