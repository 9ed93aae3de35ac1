package io.sealcloud.accounts.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.sealcloud.accounts.domain.OwnershipTransfer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;

/** Ownership offers (at most one pending per workspace). */
@ApplicationScoped
public class OwnershipTransferRepository implements PanacheRepositoryBase<OwnershipTransfer, String> {

    /** The workspace's pending offer (expired or not), or null. */
    public Uni<OwnershipTransfer> findPending(String workspaceId) {
        return find("workspaceId = ?1 and state = ?2", workspaceId, OwnershipTransfer.PENDING)
                .firstResult();
    }

    /**
     * The workspace's pending offer, locked until the transaction ends (accept, decline, cancel and a new offer of one
     * workspace are serialized), or null.
     */
    public Uni<OwnershipTransfer> lockPending(String workspaceId) {
        return find("workspaceId = ?1 and state = ?2", workspaceId, OwnershipTransfer.PENDING)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    /** The offers waiting for {@code userId}'s answer at {@code now}, oldest first. */
    public Uni<List<OwnershipTransfer>> openFor(String userId, Instant now) {
        return list(
                "toUserId = ?1 and state = ?2 and expiresAt > ?3 order by createdAt, id",
                userId,
                OwnershipTransfer.PENDING,
                now);
    }
}
