package io.sealcloud.contracts.accounts;

import java.time.Instant;

/**
 * A member's role in a workspace changed.
 *
 * @param workspaceId workspace id (also the Kafka key)
 * @param userId the member's user id (OIDC {@code sub})
 * @param role the new role: {@code owner}, {@code manager} or {@code developer}
 * @param previousRole the role before the change
 * @param changedBy user id of who changed the role
 * @param changedAt when the role changed
 */
public record MemberChangedV1(
        String workspaceId, String userId, String role, String previousRole, String changedBy, Instant changedAt) {

    /** A realistic instance, used by docs and the conformance test. */
    public static MemberChangedV1 example() {
        return new MemberChangedV1(
                "w7k2m9q4x1",
                "9d3b7e2a-41c6-4b8f-a0e5-6c2f1d8b7a34",
                "manager",
                "developer",
                "5f0c6a1e-8a4b-4f7e-9c51-2b8d3c9e0a11",
                Instant.parse("2026-11-28T08:03:19Z"));
    }
}
