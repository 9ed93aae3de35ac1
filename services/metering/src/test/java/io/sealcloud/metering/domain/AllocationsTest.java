package io.sealcloud.metering.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AllocationsTest {

    private static final Set<String> GPUS = Set.of("nvidia.com/gpu");

    static Container container(Map<String, String> limits, Map<String, String> requests) {
        return new ContainerBuilder()
                .withName("c")
                .withNewResources()
                .withLimits(quantities(limits))
                .withRequests(quantities(requests))
                .endResources()
                .build();
    }

    static Map<String, Quantity> quantities(Map<String, String> values) {
        java.util.Map<String, Quantity> out = new java.util.HashMap<>();
        values.forEach((k, v) -> out.put(k, new Quantity(v)));
        return out;
    }

    static Pod pod(String node, String phase, Container... containers) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .withNamespace("ns-w")
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .withContainers(containers)
                .endSpec()
                .withNewStatus()
                .withPhase(phase)
                .endStatus()
                .build();
    }

    @Test
    void aContainerCountsItsLimitsAndFallsBackToItsRequests() {
        Pod pod = pod(
                "node-1",
                "Running",
                container(Map.of("cpu", "2", "memory", "1Gi"), Map.of("cpu", "500m", "memory", "256Mi")),
                container(Map.of(), Map.of("cpu", "250m", "memory", "100Mi")));

        assertThat(Allocations.ofPod(pod, GPUS)).isEqualTo(Map.of("cpu", 2250L, "memory", 1124L));
    }

    @Test
    void roundsCpuUpToMillicoresAndMemoryUpToMebibytes() {
        Pod pod = pod("n", "Running", container(Map.of("cpu", "100.5m", "memory", "1500Ki"), Map.of()));

        assertThat(Allocations.ofPod(pod, GPUS)).isEqualTo(Map.of("cpu", 101L, "memory", 2L));
    }

    @Test
    void anUnscheduledPodHoldsNothing() {
        Pod pod = pod(null, "Pending", container(Map.of("cpu", "1"), Map.of()));

        assertThat(Allocations.ofPod(pod, GPUS)).isEmpty();
    }

    @Test
    void finishedPodsHoldNothing() {
        assertThat(Allocations.ofPod(pod("n", "Succeeded", container(Map.of("cpu", "1"), Map.of())), GPUS))
                .isEmpty();
        assertThat(Allocations.ofPod(pod("n", "Failed", container(Map.of("cpu", "1"), Map.of())), GPUS))
                .isEmpty();
    }

    @Test
    void aScheduledPendingPodHoldsItsResources() {
        assertThat(Allocations.ofPod(pod("n", "Pending", container(Map.of("cpu", "1"), Map.of())), GPUS))
                .isEqualTo(Map.of("cpu", 1000L));
    }

    @Test
    void gpusAreCountedByTheirExtendedResourceName() {
        Pod pod = pod(
                "n",
                "Running",
                container(Map.of("cpu", "1", "nvidia.com/gpu", "2", "example.com/fpga", "1"), Map.of()));

        assertThat(Allocations.ofPod(pod, GPUS)).isEqualTo(Map.of("cpu", 1000L, "gpu:nvidia.com/gpu", 2L));
    }

    @Test
    void aLargeInitContainerRaisesThePodsEffectiveAllocation() {
        Pod pod = pod("n", "Running", container(Map.of("cpu", "500m", "memory", "128Mi"), Map.of()));
        pod.getSpec().setInitContainers(java.util.List.of(container(Map.of("cpu", "2"), Map.of())));

        assertThat(Allocations.ofPod(pod, GPUS)).isEqualTo(Map.of("cpu", 2000L, "memory", 128L));
    }

    @Test
    void aPodOverheadIsAdded() {
        Pod pod = pod("n", "Running", container(Map.of("cpu", "1", "memory", "1Gi"), Map.of()));
        pod.getSpec().setOverhead(quantities(Map.of("cpu", "250m", "memory", "120Mi")));

        assertThat(Allocations.ofPod(pod, GPUS)).isEqualTo(Map.of("cpu", 1250L, "memory", 1144L));
    }

    static PersistentVolumeClaim claim(String size, String phase) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("data")
                .endMetadata()
                .withNewSpec()
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity(size)))
                .endResources()
                .endSpec()
                .withNewStatus()
                .withPhase(phase)
                .endStatus()
                .build();
    }

    @Test
    void aBoundClaimHoldsItsStorageRequest() {
        assertThat(Allocations.ofPersistentVolumeClaim(claim("10Gi", "Bound"))).isEqualTo(Map.of("storage", 10240L));
    }

    @Test
    void anUnboundClaimHoldsNothing() {
        assertThat(Allocations.ofPersistentVolumeClaim(claim("10Gi", "Pending")))
                .isEmpty();
        assertThat(Allocations.ofPersistentVolumeClaim(claim("10Gi", "Lost"))).isEmpty();
    }

    static Service service(String type, int ports) {
        ServiceBuilder builder = new ServiceBuilder()
                .withNewMetadata()
                .withName("s")
                .endMetadata()
                .withNewSpec()
                .withType(type)
                .endSpec();
        Service service = builder.build();
        for (int i = 0; i < ports; i++) {
            service.getSpec()
                    .getPorts()
                    .add(new io.fabric8.kubernetes.api.model.ServicePortBuilder()
                            .withPort(80 + i)
                            .withNodePort(30000 + i)
                            .build());
        }
        return service;
    }

    @Test
    void aNodePortServiceHoldsOnePortPerServicePort() {
        assertThat(Allocations.ofService(service("NodePort", 2))).isEqualTo(Map.of("nodeport", 2L));
    }

    @Test
    void aLoadBalancerServiceHoldsOneLoadBalancer() {
        assertThat(Allocations.ofService(service("LoadBalancer", 3))).isEqualTo(Map.of("loadbalancer", 1L));
    }

    @Test
    void aClusterIpServiceIsFree() {
        assertThat(Allocations.ofService(service("ClusterIP", 1))).isEmpty();
        assertThat(Allocations.ofService(service(null, 1))).isEmpty();
    }
}
