package io.sealcloud.contracts.clusters;

import java.time.Instant;
import java.util.List;

/** A cluster was requested in a workspace; its engine objects are being created. */
public record ClusterProvisioningV1(
        String workspaceId,
        String cluster,
        String engine,
        String kubernetesVersion,
        List<ClusterNodePool> nodePools,
        String requestedBy,
        Instant at) {

    /** A realistic instance, used by docs and the conformance test. */
    public static ClusterProvisioningV1 example() {
        return new ClusterProvisioningV1(
                "3q1x9c7k2m",
                "staging",
                "capi",
                "1.31.4",
                List.of(new ClusterNodePool("workers", "standard-2", 3)),
                "5f0c2e1a-8d1b-4c35-9a55-0e4d0c6f1b2a",
                Instant.parse("2026-12-03T11:00:00Z"));
    }
}
