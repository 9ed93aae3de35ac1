package io.sealcloud.accounts.api;

import io.sealcloud.accounts.domain.OwnershipTransfer;
import java.time.Instant;

/**
 * An offer of a workspace's ownership. {@code state}: pending (waiting for the member's answer), accepted, declined or
 * cancelled; {@code expired} tells a pending one past {@code expiresAt}.
 */
public record OwnershipTransferView(
        String id,
        String workspaceId,
        String fromUserId,
        String toUserId,
        String state,
        boolean expired,
        Instant createdAt,
        Instant expiresAt) {

    static OwnershipTransferView of(OwnershipTransfer offer, Instant now) {
        return new OwnershipTransferView(
                offer.id,
                offer.workspaceId,
                offer.fromUserId,
                offer.toUserId,
                offer.state,
                OwnershipTransfer.PENDING.equals(offer.state) && !now.isBefore(offer.expiresAt),
                offer.createdAt,
                offer.expiresAt);
    }
}
