package io.sealcloud.clusters.domain;

/** A group of identical nodes of a cluster: its flavor and how many nodes it is meant to have. */
public record NodePool(String name, String flavor, int replicas) {

    public NodePool withReplicas(int count) {
        return new NodePool(name, flavor, count);
    }
}
