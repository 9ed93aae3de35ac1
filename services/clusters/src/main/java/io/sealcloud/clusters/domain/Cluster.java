package io.sealcloud.clusters.domain;

import java.time.Instant;
import java.util.List;

/**
 * A cluster as the database holds it: the tenant's intent (provider, version, pools, hibernation) and what its
 * controller last observed.
 *
 * @param generation the intent's generation: +1 on every change (the KubeCluster carries it in an annotation)
 * @param readyGeneration the last generation for which {@code cluster.ready} was published (0: never)
 * @param hibernation null when awake, else {@code user} or {@code suspension}
 * @param deleteRequestedAt when a delete was asked for (null otherwise)
 */
public record Cluster(
        String workspaceId,
        String namespace,
        String name,
        Provider provider,
        String kubernetesVersion,
        List<NodePool> nodePools,
        String hibernation,
        long generation,
        long readyGeneration,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        Instant deleteRequestedAt,
        String deletedBy,
        ClusterObservation observed) {

    public Cluster {
        nodePools = List.copyOf(nodePools);
    }

    public boolean hibernated() {
        return hibernation != null;
    }

    public boolean deleting() {
        return deleteRequestedAt != null;
    }

    /** Nodes the cluster holds while awake (what counts against the workspace's node limit). */
    public int nodes() {
        return nodePools.stream().mapToInt(NodePool::replicas).sum();
    }
}
