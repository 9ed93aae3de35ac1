package io.sealcloud.clusters.domain;

import java.util.List;

/**
 * What the controller saw of a cluster's engine for one generation of its intent.
 *
 * @param generation the KubeCluster generation the observation belongs to
 * @param phase {@code Provisioning}, {@code Ready}, {@code Updating}, {@code Hibernating}, {@code Hibernated},
 *     {@code Degraded} or {@code Deleting}
 * @param ready the summary Ready condition is True
 * @param version the Kubernetes version the control plane reports (null until it does)
 * @param endpoint the API server address inside the platform (null until known)
 * @param conditions Ready/Progressing/Degraded and the per-step conditions
 */
public record ClusterObservation(
        long generation,
        String phase,
        boolean ready,
        String version,
        String endpoint,
        List<ClusterCondition> conditions) {

    public ClusterObservation {
        conditions = List.copyOf(conditions);
    }
}
