package io.sealcloud.accounts.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sealcloud.accounts.domain.Invitation;
import java.time.Instant;

/**
 * An invitation. {@code code} is present only in the answer that created it (only its hash is stored); {@code state}
 * is pending, accepted, declined or revoked, and {@code expired} tells a pending one past its expiry.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvitationView(
        String id,
        String workspaceId,
        String role,
        String email,
        String state,
        boolean expired,
        String invitedBy,
        Instant createdAt,
        Instant expiresAt,
        String code) {

    static InvitationView of(Invitation invitation, Instant now, String code) {
        return new InvitationView(
                invitation.id,
                invitation.workspaceId,
                invitation.role.wire(),
                invitation.email,
                invitation.state,
                Invitation.PENDING.equals(invitation.state) && !invitation.expiresAt.isAfter(now),
                invitation.invitedBy,
                invitation.createdAt,
                invitation.expiresAt,
                code);
    }
}
