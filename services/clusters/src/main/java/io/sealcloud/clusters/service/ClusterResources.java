package io.sealcloud.clusters.service;

import io.sealcloud.clusters.domain.Cluster;

/**
 * Where a cluster's intent goes to its controller: the KubeCluster resource in the workspace namespace. Implemented by
 * the operator layer (a service never imports it); blocking calls, use through {@link Blocking}.
 */
public interface ClusterResources {

    /** Creates or updates the KubeCluster's spec from the intent (the controller owns status and finalizer). */
    void apply(Cluster intent);

    /** Deletes the KubeCluster; its finalizer keeps it until the engine's objects are gone. */
    void delete(Cluster cluster);
}
