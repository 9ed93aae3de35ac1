package io.sealcloud.contracts.accounts;

import java.time.Instant;

/**
 * A user became a member of a workspace. Also published for the owner when a workspace is created, so a membership
 * projection needs only the {@code member.*} events.
 *
 * @param workspaceId workspace id (also the Kafka key)
 * @param userId the member's user id (OIDC {@code sub})
 * @param username the member's {@code preferred_username} at the time
 * @param role {@code owner}, {@code manager} or {@code developer}
 * @param addedBy user id of who added the member (the owner themselves for the owner's membership)
 * @param addedAt when the membership started
 */
public record MemberAddedV1(
        String workspaceId, String userId, String username, String role, String addedBy, Instant addedAt) {

    /** A realistic instance, used by docs and the conformance test. */
    public static MemberAddedV1 example() {
        return new MemberAddedV1(
                "w7k2m9q4x1",
                "9d3b7e2a-41c6-4b8f-a0e5-6c2f1d8b7a34",
                "lena",
                "developer",
                "5f0c6a1e-8a4b-4f7e-9c51-2b8d3c9e0a11",
                Instant.parse("2026-11-25T10:12:44Z"));
    }
}
