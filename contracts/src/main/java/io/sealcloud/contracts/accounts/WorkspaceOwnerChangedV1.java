package io.sealcloud.contracts.accounts;

import java.time.Instant;

/**
 * A workspace got a new owner: from {@code changedAt} on, the new owner's account pays for it. Published in the
 * transaction that changes the owner, with the {@code member.changed} events of both people. A consumer keeps the
 * owners with their times (the newest fact is the current owner), so it can tell who owned the workspace at any
 * moment, e.g. when a usage happened.
 *
 * @param workspaceId workspace id (also the Kafka key)
 * @param previousOwnerId the user id (= account id) of the owner until {@code changedAt}
 * @param newOwnerId the user id (= account id) of the owner from {@code changedAt} on
 * @param changedAt when the new owner became the owner; consumers ignore a fact older than the one they hold
 */
public record WorkspaceOwnerChangedV1(
        String workspaceId, String previousOwnerId, String newOwnerId, Instant changedAt) {

    /** A realistic instance, used by docs and the conformance test. */
    public static WorkspaceOwnerChangedV1 example() {
        return new WorkspaceOwnerChangedV1(
                "w7k2m9q4x1",
                "5f0c6a1e-8a4b-4f7e-9c51-2b8d3c9e0a11",
                "9d3b7e2a-41c6-4b8f-a0e5-6c2f1d8b7a34",
                Instant.parse("2026-12-02T09:15:44Z"));
    }
}
