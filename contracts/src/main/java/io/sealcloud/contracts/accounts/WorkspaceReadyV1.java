package io.sealcloud.contracts.accounts;

import java.time.Instant;

/**
 * A workspace's namespace and its guard rails (quota, limits, network policy, RBAC) exist in Kubernetes: the workspace
 * can be used.
 *
 * @param workspaceId workspace id (also the Kafka key)
 * @param namespace the workspace's namespace
 * @param observedGeneration the Workspace resource generation that became ready
 * @param readyAt when the controller saw it ready
 */
public record WorkspaceReadyV1(String workspaceId, String namespace, long observedGeneration, Instant readyAt) {

    /** A realistic instance, used by docs and the conformance test. */
    public static WorkspaceReadyV1 example() {
        return new WorkspaceReadyV1("w7k2m9q4x1", "ns-w7k2m9q4x1", 1, Instant.parse("2026-11-25T09:30:02Z"));
    }
}
