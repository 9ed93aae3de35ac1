package io.sealcloud.clusters.operator.model;

/** How the {@code virtual} provider's control plane is built (from ops' configuration). */
public record VirtualSettings(
        String image,
        String apiServerImage,
        String syncerClusterRole,
        String cpuRequest,
        String memoryRequest,
        String cpuLimit,
        String memoryLimit,
        String storage) {

    /** The API server image of {@code version}, e.g. {@code registry.k8s.io/kube-apiserver:v1.31.4}. */
    public String apiServerImage(String version) {
        return apiServerImage.replace("{version}", version);
    }
}
