package io.sealcloud.clusters.operator.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.sealcloud.clusters.operator.crd.v1alpha1.KubeCluster;
import io.sealcloud.clusters.operator.crd.v1alpha1.NodePoolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code capi} provider's objects, following Cluster API v1beta1 (cluster.x-k8s.io): a {@code Cluster} whose
 * control plane is a {@code KamajiControlPlane} (controlplane.cluster.x-k8s.io/v1alpha1, a hosted control plane) or a
 * {@code KubeadmControlPlane} (v1beta1), whose infrastructure is a {@code KubevirtCluster} (Cluster API Provider
 * KubeVirt, infrastructure.cluster.x-k8s.io/v1alpha1), and per node pool a {@code MachineDeployment} with a {@code
 * KubeadmConfigTemplate} (bootstrap.cluster.x-k8s.io/v1beta1) and a {@code KubevirtMachineTemplate} sized by the
 * pool's flavor. All live in the management namespace (tenants cannot write there), named {@code
 * <workspace>-<cluster>[-<pool>]}; they cannot be owned by the KubeCluster across namespaces, so the controller deletes
 * them itself behind its finalizer. Hibernation (Gardener's model): every MachineDeployment and a Kamaji control plane
 * scaled to zero; a kubeadm control plane cannot go below one replica and stays.
 */
public final class DesiredCapiCluster {

    public static final String CAPI = "cluster.x-k8s.io/v1beta1";
    public static final String CONTROL_PLANE_KAMAJI = "controlplane.cluster.x-k8s.io/v1alpha1";
    public static final String CONTROL_PLANE_KUBEADM = "controlplane.cluster.x-k8s.io/v1beta1";
    public static final String BOOTSTRAP = "bootstrap.cluster.x-k8s.io/v1beta1";
    public static final String INFRASTRUCTURE = "infrastructure.cluster.x-k8s.io/v1alpha1";
    public static final String DEPLOYMENT_NAME = "cluster.x-k8s.io/deployment-name";

    /** Every kind the provider writes (apiVersion, kind), in apply order; the cleanup deletes them in reverse. */
    public static final List<List<String>> KINDS = List.of(
            List.of(INFRASTRUCTURE, "KubevirtCluster"),
            List.of(INFRASTRUCTURE, "KubevirtMachineTemplate"),
            List.of(BOOTSTRAP, "KubeadmConfigTemplate"),
            List.of(CONTROL_PLANE_KAMAJI, "KamajiControlPlane"),
            List.of(CONTROL_PLANE_KUBEADM, "KubeadmControlPlane"),
            List.of(CAPI, "Cluster"),
            List.of(CAPI, "MachineDeployment"));

    private DesiredCapiCluster() {}

    /** The Cluster API cluster's name: unique in the management namespace. */
    public static String clusterName(KubeCluster kc) {
        return kc.getSpec().getWorkspaceId() + "-" + kc.getMetadata().getName();
    }

    public static String deploymentName(KubeCluster kc, String pool) {
        return clusterName(kc) + "-" + pool;
    }

    /** The objects in apply order: templates and infrastructure before what refers to them. */
    public static List<GenericKubernetesResource> of(KubeCluster kc, CapiSettings s) {
        List<GenericKubernetesResource> out = new ArrayList<>();
        out.add(infrastructureCluster(kc, s));
        if (!s.kamaji()) {
            out.add(machineTemplate(kc, s, clusterName(kc) + "-control-plane", controlPlaneMachine(kc, s)));
        }
        for (NodePoolSpec pool : kc.getSpec().getNodePools()) {
            out.add(machineTemplate(kc, s, machineTemplateName(kc, pool.getName()), machine(s, pool)));
            out.add(bootstrapTemplate(kc, s, pool));
        }
        out.add(s.kamaji() ? kamajiControlPlane(kc, s) : kubeadmControlPlane(kc, s));
        out.add(cluster(kc, s));
        for (NodePoolSpec pool : kc.getSpec().getNodePools()) {
            out.add(machineDeployment(kc, s, pool));
        }
        return out;
    }

    /**
     * KubeVirt machine templates are immutable and name the version's disk image, so each version gets its own
     * template (the MachineDeployment then rolls its machines over); the old one is pruned.
     */
    static String machineTemplateName(KubeCluster kc, String pool) {
        return deploymentName(kc, pool) + "-v"
                + kc.getSpec().getKubernetesVersion().replace('.', '-');
    }

    static String version(KubeCluster kc) {
        return "v" + kc.getSpec().getKubernetesVersion();
    }

    private static GenericKubernetesResource object(
            KubeCluster kc, CapiSettings s, String apiVersion, String kind, String name, Map<String, Object> spec) {
        Map<String, String> labels = new LinkedHashMap<>(EngineLabels.of(kc));
        labels.put(EngineLabels.CAPI_CLUSTER_NAME, clusterName(kc));
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(apiVersion);
        r.setKind(kind);
        r.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(s.namespace())
                .withLabels(labels)
                .build());
        r.setAdditionalProperty("spec", spec);
        return r;
    }

    static GenericKubernetesResource cluster(KubeCluster kc, CapiSettings s) {
        String name = clusterName(kc);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put(
                "clusterNetwork",
                Map.of(
                        "pods", Map.of("cidrBlocks", List.of(s.podCidr())),
                        "services", Map.of("cidrBlocks", List.of(s.serviceCidr()))));
        spec.put(
                "controlPlaneRef",
                ref(
                        s.kamaji() ? CONTROL_PLANE_KAMAJI : CONTROL_PLANE_KUBEADM,
                        s.kamaji() ? "KamajiControlPlane" : "KubeadmControlPlane",
                        name,
                        s));
        spec.put("infrastructureRef", ref(INFRASTRUCTURE, "KubevirtCluster", name, s));
        return object(kc, s, CAPI, "Cluster", name, spec);
    }

    static GenericKubernetesResource infrastructureCluster(KubeCluster kc, CapiSettings s) {
        return object(
                kc,
                s,
                INFRASTRUCTURE,
                "KubevirtCluster",
                clusterName(kc),
                Map.of("controlPlaneServiceTemplate", Map.of("spec", Map.of("type", "ClusterIP"))));
    }

    static GenericKubernetesResource kamajiControlPlane(KubeCluster kc, CapiSettings s) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("dataStoreName", s.kamajiDataStore());
        spec.put("replicas", kc.getSpec().hibernated() ? 0 : s.controlPlaneReplicas());
        spec.put("version", version(kc));
        spec.put("addons", Map.of("coreDNS", Map.of(), "kubeProxy", Map.of(), "konnectivity", Map.of()));
        spec.put("network", Map.of("serviceType", "ClusterIP"));
        spec.put("kubelet", Map.of("preferredAddressTypes", List.of("InternalIP"), "cgroupfs", "systemd"));
        return object(kc, s, CONTROL_PLANE_KAMAJI, "KamajiControlPlane", clusterName(kc), spec);
    }

    static GenericKubernetesResource kubeadmControlPlane(KubeCluster kc, CapiSettings s) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("replicas", Math.max(1, s.controlPlaneReplicas()));
        spec.put("version", version(kc));
        spec.put(
                "machineTemplate",
                Map.of(
                        "infrastructureRef",
                        ref(INFRASTRUCTURE, "KubevirtMachineTemplate", clusterName(kc) + "-control-plane", s)));
        spec.put(
                "kubeadmConfigSpec",
                Map.of(
                        "clusterConfiguration", Map.of(),
                        "initConfiguration", Map.of("nodeRegistration", Map.of()),
                        "joinConfiguration", Map.of("nodeRegistration", Map.of())));
        return object(kc, s, CONTROL_PLANE_KUBEADM, "KubeadmControlPlane", clusterName(kc), spec);
    }

    private static CapiSettings.Machine controlPlaneMachine(KubeCluster kc, CapiSettings s) {
        return new CapiSettings.Machine(2, "4Gi");
    }

    private static CapiSettings.Machine machine(CapiSettings s, NodePoolSpec pool) {
        CapiSettings.Machine m = s.flavors().get(pool.getFlavor());
        if (m == null) {
            throw new IllegalArgumentException("Unknown flavor " + pool.getFlavor() + " of pool " + pool.getName());
        }
        return m;
    }

    /** A KubeVirt VM per machine: the flavor's cores and memory, the version's node disk image. */
    static GenericKubernetesResource machineTemplate(
            KubeCluster kc, CapiSettings s, String name, CapiSettings.Machine machine) {
        Map<String, Object> domain = new LinkedHashMap<>();
        domain.put("cpu", Map.of("cores", machine.cpu()));
        domain.put("memory", Map.of("guest", machine.memory()));
        domain.put(
                "devices",
                Map.of("disks", List.of(Map.of("name", "containervolume", "disk", Map.of("bus", "virtio")))));
        Map<String, Object> vmSpec = Map.of(
                "runStrategy",
                "Always",
                "template",
                Map.of(
                        "spec",
                        Map.of(
                                "domain",
                                domain,
                                "volumes",
                                List.of(Map.of(
                                        "name",
                                        "containervolume",
                                        "containerDisk",
                                        Map.of("image", "quay.io/capk/ubuntu-2204-container-disk:" + version(kc)))))));
        return object(
                kc,
                s,
                INFRASTRUCTURE,
                "KubevirtMachineTemplate",
                name,
                Map.of("template", Map.of("spec", Map.of("virtualMachineTemplate", Map.of("spec", vmSpec)))));
    }

    static GenericKubernetesResource bootstrapTemplate(KubeCluster kc, CapiSettings s, NodePoolSpec pool) {
        return object(
                kc,
                s,
                BOOTSTRAP,
                "KubeadmConfigTemplate",
                deploymentName(kc, pool.getName()),
                Map.of("template", Map.of("spec", Map.of("joinConfiguration", Map.of("nodeRegistration", Map.of())))));
    }

    static GenericKubernetesResource machineDeployment(KubeCluster kc, CapiSettings s, NodePoolSpec pool) {
        String cluster = clusterName(kc);
        String name = deploymentName(kc, pool.getName());
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(EngineLabels.CAPI_CLUSTER_NAME, cluster);
        selector.put(DEPLOYMENT_NAME, name);
        Map<String, Object> machineSpec = new LinkedHashMap<>();
        machineSpec.put("clusterName", cluster);
        machineSpec.put("version", version(kc));
        machineSpec.put("bootstrap", Map.of("configRef", ref(BOOTSTRAP, "KubeadmConfigTemplate", name, s)));
        machineSpec.put(
                "infrastructureRef",
                ref(INFRASTRUCTURE, "KubevirtMachineTemplate", machineTemplateName(kc, pool.getName()), s));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("clusterName", cluster);
        spec.put("replicas", kc.getSpec().hibernated() ? 0 : pool.getReplicas());
        spec.put("selector", Map.of("matchLabels", selector));
        spec.put("template", Map.of("metadata", Map.of("labels", selector), "spec", machineSpec));
        return object(kc, s, CAPI, "MachineDeployment", name, spec);
    }

    private static Map<String, Object> ref(String apiVersion, String kind, String name, CapiSettings s) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("apiVersion", apiVersion);
        ref.put("kind", kind);
        ref.put("name", name);
        ref.put("namespace", s.namespace());
        return ref;
    }
}
