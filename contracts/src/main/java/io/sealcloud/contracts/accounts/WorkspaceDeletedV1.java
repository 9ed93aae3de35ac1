package io.sealcloud.contracts.accounts;

import java.time.Instant;

/**
 * A workspace was deleted; its memberships end with it (no {@link MemberRemovedV1} follows). The last event for the
 * workspace id.
 *
 * @param workspaceId workspace id (also the Kafka key)
 * @param namespace the workspace's namespace, being removed
 * @param deletedBy user id (OIDC {@code sub}) of who deleted it
 * @param deletedAt when the workspace was deleted
 */
public record WorkspaceDeletedV1(String workspaceId, String namespace, String deletedBy, Instant deletedAt) {

    /** A realistic instance, used by docs and the conformance test. */
    public static WorkspaceDeletedV1 example() {
        return new WorkspaceDeletedV1(
                "w7k2m9q4x1",
                "ns-w7k2m9q4x1",
                "5f0c6a1e-8a4b-4f7e-9c51-2b8d3c9e0a11",
                Instant.parse("2026-12-02T16:45:10Z"));
    }
}
