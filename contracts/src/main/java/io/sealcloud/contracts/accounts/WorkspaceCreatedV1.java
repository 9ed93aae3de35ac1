package io.sealcloud.contracts.accounts;

import java.time.Instant;

/**
 * A workspace was created (personal on first sign-in, or a team workspace). Its namespace may not exist yet: {@link
 * WorkspaceReadyV1} follows when it does.
 *
 * @param workspaceId workspace id (also the Kafka key)
 * @param name DNS-label name, unique among the owner's workspaces
 * @param displayName human name shown in UIs
 * @param kind {@code personal} or {@code team}
 * @param ownerId the owner's user id (the token's {@code sub})
 * @param namespace the Kubernetes namespace the workspace gets, {@code ns-<workspaceId>}
 * @param createdAt when the workspace was created
 */
public record WorkspaceCreatedV1(
        String workspaceId,
        String name,
        String displayName,
        String kind,
        String ownerId,
        String namespace,
        Instant createdAt) {

    /** A realistic instance, used by docs and the conformance test. */
    public static WorkspaceCreatedV1 example() {
        return new WorkspaceCreatedV1(
                "w7k2m9q4x1",
                "team-atlas",
                "Team Atlas",
                "team",
                "5f0c6a1e-8a4b-4f7e-9c51-2b8d3c9e0a11",
                "ns-w7k2m9q4x1",
                Instant.parse("2026-11-25T09:30:00Z"));
    }
}
