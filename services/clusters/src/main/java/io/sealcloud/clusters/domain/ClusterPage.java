package io.sealcloud.clusters.domain;

import java.util.List;

/** A page of a workspace's clusters and how many it has in all. */
public record ClusterPage(List<Cluster> items, long total) {}
