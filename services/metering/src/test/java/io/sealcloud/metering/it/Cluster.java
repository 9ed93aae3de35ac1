package io.sealcloud.metering.it;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Arranges workspace objects on the real control plane the way accounts, appstore and users would; the kubelet
 * stand-in schedules and runs the pods and binds the claims, as a cluster's nodes and volume binder would.
 */
public final class Cluster {

    private final KubernetesClient client;

    public Cluster(KubernetesClient client) {
        this.client = client;
    }

    public String workspaceNamespace(String workspaceId) {
        String name = "ns-" + workspaceId;
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .addToLabels("sealcloud.io/workspace", workspaceId)
                        .endMetadata()
                        .build())
                .create();
        return name;
    }

    /** A pod with one container of these limits (cpu, memory, gpu…), scheduled and Running (waited for). */
    public Pod runningPod(String namespace, String name, Map<String, String> labels, Map<String, String> limits) {
        return pod(namespace, name, labels, limits, Outcome.RUNNING);
    }

    /** What the pod's scheduler and kubelet make of it. */
    public enum Outcome {
        /** Bound by the stand-in and Running. */
        RUNNING,
        /** Addressed to a scheduler that does not exist, so never bound (as a pod that fits no node). */
        UNSCHEDULED,
        /** A run-to-completion pod that the stand-in runs and then reports Succeeded. */
        SUCCEEDED
    }

    public Pod pod(
            String namespace, String name, Map<String, String> labels, Map<String, String> limits, Outcome outcome) {
        Map<String, Quantity> quantities = new HashMap<>();
        limits.forEach((k, v) -> quantities.put(k, new Quantity(v)));
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withSchedulerName(outcome == Outcome.UNSCHEDULED ? "no-such-scheduler" : null)
                .withRestartPolicy(outcome == Outcome.SUCCEEDED ? "Never" : "Always")
                .withContainers(new ContainerBuilder()
                        .withName("main")
                        .withImage("nginx")
                        .withNewResources()
                        .withLimits(quantities)
                        .endResources()
                        .build())
                .endSpec()
                .build();
        client.pods().resource(pod).create();
        String phase = switch (outcome) {
            case RUNNING -> "Running";
            case SUCCEEDED -> "Succeeded";
            case UNSCHEDULED -> null;
        };
        if (phase == null) {
            return client.pods().inNamespace(namespace).withName(name).get();
        }
        return client.pods()
                .inNamespace(namespace)
                .withName(name)
                .waitUntilCondition(
                        p -> p != null
                                && p.getStatus() != null
                                && phase.equals(p.getStatus().getPhase()),
                        60,
                        TimeUnit.SECONDS);
    }

    public void boundClaim(String namespace, String name, Map<String, String> labels, String size) {
        client.persistentVolumeClaims()
                .resource(new PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .withAccessModes("ReadWriteOnce")
                        .withNewResources()
                        .withRequests(Map.of("storage", new Quantity(size)))
                        .endResources()
                        .endSpec()
                        .build())
                .create();
        client.persistentVolumeClaims()
                .inNamespace(namespace)
                .withName(name)
                .waitUntilCondition(
                        c -> c != null
                                && c.getStatus() != null
                                && "Bound".equals(c.getStatus().getPhase()),
                        60,
                        TimeUnit.SECONDS);
    }

    public void service(String namespace, String name, Map<String, String> labels, String type, int ports) {
        ServiceBuilder builder = new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withType(type)
                .endSpec();
        var service = builder.build();
        for (int i = 0; i < ports; i++) {
            service.getSpec()
                    .getPorts()
                    .add(new ServicePortBuilder()
                            .withName("p" + i)
                            .withPort(80 + i)
                            .build());
        }
        client.services().resource(service).create();
    }

    public void deletePod(String namespace, String name) {
        client.pods().inNamespace(namespace).withName(name).delete();
    }

    public static Map<String, String> app(String name) {
        return Map.of("sealcloud.io/app-instance", name);
    }

    public static Map<String, String> terminal(String name) {
        return Map.of("sealcloud.io/terminal", name);
    }

    public static Map<String, String> none() {
        return Map.of();
    }

    public static List<String> names(List<? extends io.fabric8.kubernetes.api.model.HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).toList();
    }
}
