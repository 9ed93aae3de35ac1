package io.sealcloud.contracts.clusters;

import java.time.Instant;
import java.util.List;

/** A node pool of a cluster was scaled; the engine is adding or removing nodes. */
public record ClusterScaledV1(
        String workspaceId,
        String cluster,
        String engine,
        String pool,
        int fromReplicas,
        int toReplicas,
        List<ClusterNodePool> nodePools,
        String requestedBy,
        Instant at) {

    /** A realistic instance, used by docs and the conformance test. */
    public static ClusterScaledV1 example() {
        return new ClusterScaledV1(
                "3q1x9c7k2m",
                "staging",
                "capi",
                "workers",
                3,
                5,
                List.of(new ClusterNodePool("workers", "standard-2", 5)),
                "5f0c2e1a-8d1b-4c35-9a55-0e4d0c6f1b2a",
                Instant.parse("2026-12-03T12:00:00Z"));
    }
}
