package io.sealcloud.contracts.clusters;

/**
 * One node pool of a cluster as the clusters service's events carry it (event-carried state: metering turns a pool's
 * replicas and flavor into node-hours).
 *
 * @param name the pool's name in the cluster
 * @param flavor the node flavor (CPU, memory and price per node-hour are the platform's configuration)
 * @param replicas nodes the pool is meant to have (0 while hibernated)
 */
public record ClusterNodePool(String name, String flavor, int replicas) {}
