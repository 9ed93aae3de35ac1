package io.sealcloud.contracts.clusters;

import java.time.Instant;
import java.util.List;

/**
 * A cluster was hibernated: control plane and nodes scaled to zero, data kept. Waking it publishes {@link
 * ClusterReadyV1} again once it runs.
 *
 * @param cause {@code user} (asked through the API) or {@code suspension} (the workspace was suspended)
 * @param nodePools the pools as they will be again after the wake (their replicas are what the cluster resumes with)
 */
public record ClusterHibernatedV1(
        String workspaceId, String cluster, String engine, String cause, List<ClusterNodePool> nodePools, Instant at) {

    /** A realistic instance, used by docs and the conformance test. */
    public static ClusterHibernatedV1 example() {
        return new ClusterHibernatedV1(
                "3q1x9c7k2m",
                "staging",
                "capi",
                "user",
                List.of(new ClusterNodePool("workers", "standard-2", 3)),
                Instant.parse("2026-12-03T20:00:00Z"));
    }
}
