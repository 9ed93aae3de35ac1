package io.sealcloud.clusters.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Request bodies of the clusters API. */
public final class ClusterRequests {

    static final String CLUSTER_NAME = "^[a-z]([-a-z0-9]{0,28}[a-z0-9])?$";
    static final String POOL_NAME = "^[a-z]([-a-z0-9]{0,18}[a-z0-9])?$";
    static final String VERSION = "^[1-9][0-9]*\\.[0-9]+\\.[0-9]+$";

    private ClusterRequests() {}

    /** Create a cluster. {@code nodePools}: one or more for {@code capi}; none for {@code virtual}. */
    public record Create(
            @NotBlank @Pattern(regexp = CLUSTER_NAME) String name,
            @NotBlank @Pattern(regexp = "^(virtual|capi)$") String provider,
            @NotBlank @Pattern(regexp = VERSION) String kubernetesVersion,
            @Size(max = 20) List<@Valid @NotNull Pool> nodePools) {}

    /** A node pool of a create request. */
    public record Pool(
            @NotBlank @Pattern(regexp = POOL_NAME) String name,
            @NotBlank @Size(max = 40) String flavor,
            @NotNull @Min(0) @Max(1000) Integer replicas) {}

    /**
     * One change of a cluster, exactly one member set: {@code nodePool} scales a pool, {@code kubernetesVersion}
     * upgrades (one minor version at a time), {@code hibernated} true hibernates and false wakes.
     */
    public record Change(
            @Valid Scale nodePool,
            @Pattern(regexp = VERSION) String kubernetesVersion,
            Boolean hibernated) {}

    /** The new size of one pool. */
    public record Scale(
            @NotBlank @Pattern(regexp = POOL_NAME) String name,
            @NotNull @Min(0) @Max(1000) Integer replicas) {}
}
