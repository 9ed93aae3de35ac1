package io.sealcloud.contracts.clusters;

import java.time.Instant;

/** A cluster and every object of its engine are gone (the finalizer saw them deleted). */
public record ClusterDeletedV1(String workspaceId, String cluster, String engine, String requestedBy, Instant at) {

    /** A realistic instance, used by docs and the conformance test. */
    public static ClusterDeletedV1 example() {
        return new ClusterDeletedV1(
                "3q1x9c7k2m",
                "staging",
                "capi",
                "5f0c2e1a-8d1b-4c35-9a55-0e4d0c6f1b2a",
                Instant.parse("2026-12-04T09:00:00Z"));
    }
}
