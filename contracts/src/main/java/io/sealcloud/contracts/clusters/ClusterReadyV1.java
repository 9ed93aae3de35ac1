package io.sealcloud.contracts.clusters;

import java.time.Instant;
import java.util.List;

/** The cluster's engine reports it ready: after provisioning, a change, a wake or an upgrade (once per generation). */
public record ClusterReadyV1(
        String workspaceId,
        String cluster,
        String engine,
        String kubernetesVersion,
        List<ClusterNodePool> nodePools,
        long generation,
        Instant at) {

    /** A realistic instance, used by docs and the conformance test. */
    public static ClusterReadyV1 example() {
        return new ClusterReadyV1(
                "3q1x9c7k2m",
                "staging",
                "capi",
                "1.31.4",
                List.of(new ClusterNodePool("workers", "standard-2", 3)),
                1,
                Instant.parse("2026-12-03T11:04:10Z"));
    }
}
