package io.sealcloud.contracts.accounts;

import java.time.Instant;

/**
 * A user stopped being a member of a workspace: removed, or left ({@code removedBy} equals {@code userId}).
 *
 * @param workspaceId workspace id (also the Kafka key)
 * @param userId the former member's user id (OIDC {@code sub})
 * @param role the role the member held until the removal
 * @param removedBy user id of who removed the member
 * @param removedAt when the membership ended
 */
public record MemberRemovedV1(String workspaceId, String userId, String role, String removedBy, Instant removedAt) {

    /** A realistic instance, used by docs and the conformance test. */
    public static MemberRemovedV1 example() {
        return new MemberRemovedV1(
                "w7k2m9q4x1",
                "9d3b7e2a-41c6-4b8f-a0e5-6c2f1d8b7a34",
                "manager",
                "9d3b7e2a-41c6-4b8f-a0e5-6c2f1d8b7a34",
                Instant.parse("2026-12-01T17:20:05Z"));
    }
}
