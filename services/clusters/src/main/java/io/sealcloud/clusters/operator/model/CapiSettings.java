package io.sealcloud.clusters.operator.model;

import java.util.Map;

/**
 * How the {@code capi} provider's objects are built: the management namespace, the control plane provider ({@code
 * kamaji} or {@code kubeadm}), the networks, and each flavor's CPU cores and memory (the KubeVirt machine template).
 */
public record CapiSettings(
        String namespace,
        String controlPlane,
        int controlPlaneReplicas,
        String kamajiDataStore,
        String podCidr,
        String serviceCidr,
        Map<String, Machine> flavors) {

    /** What one node of a flavor gets. */
    public record Machine(int cpu, String memory) {}

    public CapiSettings {
        if (!"kamaji".equals(controlPlane) && !"kubeadm".equals(controlPlane)) {
            throw new IllegalArgumentException("capi control plane must be kamaji or kubeadm: " + controlPlane);
        }
        flavors = Map.copyOf(flavors);
    }

    public boolean kamaji() {
        return "kamaji".equals(controlPlane);
    }
}
