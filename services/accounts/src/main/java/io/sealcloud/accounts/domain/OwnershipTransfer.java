package io.sealcloud.accounts.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An offer of a team workspace's ownership from its owner to one member, who must accept it before anything changes;
 * it can be declined, cancelled by the owner, and expires. A pending offer past {@link #expiresAt} is expired.
 */
@Entity
@Table(name = "ownership_transfers")
public class OwnershipTransfer {

    public static final String PENDING = "pending";
    public static final String ACCEPTED = "accepted";
    public static final String DECLINED = "declined";
    public static final String CANCELLED = "cancelled";

    @Id
    public String id;

    @Column(name = "workspace_id", nullable = false)
    public String workspaceId;

    @Column(name = "from_user_id", nullable = false)
    public String fromUserId;

    @Column(name = "to_user_id", nullable = false)
    public String toUserId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(nullable = false)
    public String state;

    @Column(name = "resolved_by")
    public String resolvedBy;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    /** Pending and not yet expired at {@code now}. */
    public boolean isOpen(Instant now) {
        return PENDING.equals(state) && now.isBefore(expiresAt);
    }
}
