package io.sealcloud.contracts.clusters;

import java.time.Instant;

/** A cluster's Kubernetes version was raised (one minor version at most); the engine rolls it out. */
public record ClusterUpgradedV1(
        String workspaceId,
        String cluster,
        String engine,
        String fromKubernetesVersion,
        String toKubernetesVersion,
        String requestedBy,
        Instant at) {

    /** A realistic instance, used by docs and the conformance test. */
    public static ClusterUpgradedV1 example() {
        return new ClusterUpgradedV1(
                "3q1x9c7k2m",
                "staging",
                "capi",
                "1.31.4",
                "1.32.1",
                "5f0c2e1a-8d1b-4c35-9a55-0e4d0c6f1b2a",
                Instant.parse("2026-12-03T13:00:00Z"));
    }
}
