package io.sealcloud.clusters.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.sealcloud.clusters.operator.crd.v1alpha1.KubeCluster;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code virtual} provider's objects, following vCluster's model (its Helm chart, v0.20+): the control plane is a
 * StatefulSet {@code <name>} (API server, controller manager and syncer in one pod, data on a volume claim) behind a
 * Service {@code <name>} (443 → 8443) and a headless Service, running as ServiceAccount {@code vc-<name>}, which a
 * RoleBinding gives the syncer's rights in this namespace only, with its configuration in Secret {@code
 * vc-config-<name>}. Everything lives in the workspace namespace, owned by the KubeCluster, inside the workspace's
 * quota; workloads of the virtual cluster are synced into the namespace as ordinary pods. Hibernation is vCluster's
 * sleep: the StatefulSet scaled to zero, the volume kept.
 */
public final class DesiredVirtualCluster {

    static final int HTTPS = 8443;
    static final String VERSION_ANNOTATION = "clusters.sealcloud.io/kubernetes-version";

    private DesiredVirtualCluster() {}

    /** The objects in apply order (identity and rights first, the StatefulSet last). */
    public static List<HasMetadata> of(KubeCluster kc, VirtualSettings s) {
        return List.of(
                serviceAccount(kc), roleBinding(kc, s), config(kc, s), service(kc), headless(kc), statefulSet(kc, s));
    }

    public static String serviceAccountName(KubeCluster kc) {
        return "vc-" + kc.getMetadata().getName();
    }

    /** The address of the virtual cluster's API server inside the platform. */
    public static String endpoint(KubeCluster kc) {
        return "https://" + kc.getMetadata().getName() + "." + kc.getMetadata().getNamespace() + ".svc:443";
    }

    static Map<String, String> selector(KubeCluster kc) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", "vcluster");
        labels.put("release", kc.getMetadata().getName());
        return labels;
    }

    private static ObjectMeta meta(KubeCluster kc, String name) {
        Map<String, String> labels = new LinkedHashMap<>(EngineLabels.of(kc));
        labels.putAll(selector(kc));
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(kc.getMetadata().getNamespace())
                .withLabels(labels)
                .withOwnerReferences(owner(kc))
                .build();
    }

    static OwnerReference owner(KubeCluster kc) {
        return new OwnerReferenceBuilder()
                .withApiVersion(KubeCluster.API_VERSION)
                .withKind("KubeCluster")
                .withName(kc.getMetadata().getName())
                .withUid(kc.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    static ServiceAccount serviceAccount(KubeCluster kc) {
        return new ServiceAccountBuilder()
                .withMetadata(meta(kc, serviceAccountName(kc)))
                .withAutomountServiceAccountToken(true)
                .build();
    }

    /** The syncer's rights: a ClusterRole ops ship (deploy/base/clusters), bound in this namespace only. */
    static RoleBinding roleBinding(KubeCluster kc, VirtualSettings s) {
        return new RoleBindingBuilder()
                .withMetadata(meta(kc, serviceAccountName(kc)))
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", s.syncerClusterRole())
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(serviceAccountName(kc))
                .withNamespace(kc.getMetadata().getNamespace())
                .endSubject()
                .build();
    }

    /** vcluster.yaml: the upstream Kubernetes distro at the cluster's version, syncing into this namespace only. */
    static Secret config(KubeCluster kc, VirtualSettings s) {
        String version = kc.getSpec().getKubernetesVersion();
        String yaml = String.join(
                "\n",
                "controlPlane:",
                "  distro:",
                "    k8s:",
                "      enabled: true",
                "      image:",
                "        tag: v" + version,
                "      apiServer:",
                "        image:",
                "          repository: " + s.apiServerImage(version).replaceAll(":[^:/]*$", ""),
                "          tag: v" + version,
                "  statefulSet:",
                "    persistence:",
                "      volumeClaim:",
                "        size: " + s.storage(),
                "sync:",
                "  toHost:",
                "    pods:",
                "      enabled: true",
                "    services:",
                "      enabled: true",
                "    persistentVolumeClaims:",
                "      enabled: true",
                "  fromHost:",
                "    nodes:",
                "      enabled: false",
                "");
        return new SecretBuilder()
                .withMetadata(meta(kc, "vc-config-" + kc.getMetadata().getName()))
                .withType("Opaque")
                .withData(Map.of(
                        "config.yaml", Base64.getEncoder().encodeToString(yaml.getBytes(StandardCharsets.UTF_8))))
                .build();
    }

    static Service service(KubeCluster kc) {
        return new ServiceBuilder()
                .withMetadata(meta(kc, kc.getMetadata().getName()))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(selector(kc))
                .addNewPort()
                .withName("https")
                .withProtocol("TCP")
                .withPort(443)
                .withTargetPort(new IntOrString(HTTPS))
                .endPort()
                .endSpec()
                .build();
    }

    static Service headless(KubeCluster kc) {
        return new ServiceBuilder()
                .withMetadata(meta(kc, kc.getMetadata().getName() + "-headless"))
                .withNewSpec()
                .withClusterIP("None")
                .withPublishNotReadyAddresses(true)
                .withSelector(selector(kc))
                .addNewPort()
                .withName("https")
                .withProtocol("TCP")
                .withPort(443)
                .withTargetPort(new IntOrString(HTTPS))
                .endPort()
                .endSpec()
                .build();
    }

    static StatefulSet statefulSet(KubeCluster kc, VirtualSettings s) {
        String name = kc.getMetadata().getName();
        String version = kc.getSpec().getKubernetesVersion();
        Map<String, String> podLabels = new LinkedHashMap<>(selector(kc));
        podLabels.put(EngineLabels.CLUSTER, name);
        podLabels.put(EngineLabels.WORKSPACE, kc.getSpec().getWorkspaceId());
        return new StatefulSetBuilder()
                .withMetadata(meta(kc, name))
                .withNewSpec()
                .withReplicas(kc.getSpec().hibernated() ? 0 : 1)
                .withServiceName(name + "-headless")
                .withPodManagementPolicy("Parallel")
                .withNewSelector()
                .withMatchLabels(selector(kc))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(podLabels)
                // A new version is a new pod template: the StatefulSet rolls the control plane over.
                .withAnnotations(Map.of(VERSION_ANNOTATION, version))
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName(serviceAccountName(kc))
                .withTerminationGracePeriodSeconds(10L)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(12345L)
                .withFsGroup(12345L)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .addNewContainer()
                .withName("syncer")
                .withImage(s.image())
                .addNewEnv()
                .withName("VCLUSTER_NAME")
                .withValue(name)
                .endEnv()
                .addNewEnv()
                .withName("KUBERNETES_VERSION")
                .withValue(version)
                .endEnv()
                .addNewPort()
                .withName("https")
                .withContainerPort(HTTPS)
                .withProtocol("TCP")
                .endPort()
                .withNewReadinessProbe()
                .withNewHttpGet()
                .withPath("/readyz")
                .withPort(new IntOrString(HTTPS))
                .withScheme("HTTPS")
                .endHttpGet()
                .endReadinessProbe()
                .withNewResources()
                .withRequests(Map.of("cpu", new Quantity(s.cpuRequest()), "memory", new Quantity(s.memoryRequest())))
                .withLimits(Map.of("cpu", new Quantity(s.cpuLimit()), "memory", new Quantity(s.memoryLimit())))
                .endResources()
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .endSecurityContext()
                .addNewVolumeMount()
                .withName("data")
                .withMountPath("/data")
                .endVolumeMount()
                .addNewVolumeMount()
                .withName("config")
                .withMountPath("/var/vcluster")
                .withReadOnly(true)
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("config")
                .withNewSecret()
                .withSecretName("vc-config-" + name)
                .endSecret()
                .endVolume()
                .endSpec()
                .endTemplate()
                .addNewVolumeClaimTemplate()
                .withNewMetadata()
                .withName("data")
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity(s.storage())))
                .endResources()
                .endSpec()
                .endVolumeClaimTemplate()
                .endSpec()
                .build();
    }
}
