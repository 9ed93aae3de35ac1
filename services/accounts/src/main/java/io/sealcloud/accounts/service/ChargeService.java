package io.sealcloud.accounts.service;

import io.sealcloud.accounts.domain.EntryDraft;
import io.sealcloud.accounts.domain.EntryType;
import io.sealcloud.accounts.repository.DeletedWorkspaceRepository;
import io.sealcloud.accounts.repository.OwnershipHistoryRepository;
import io.sealcloud.accounts.repository.WorkspaceRepository;
import io.sealcloud.contracts.metering.ChargeCreatedV1;
import io.sealcloud.platform.inbox.PoisonEventException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Books metering's charges on the account of whoever owned the charged workspace when the charge's window started
 * (accounts' own ownership history; a transfer does not move earlier usage to the new owner, and a deleted workspace's
 * charges go to its owners as they were), in the inbox's transaction. The charge id is unique in the ledger: the same charge under another event id is a no-op. A
 * negative charge (a correction) credits back.
 */
@ApplicationScoped
public class ChargeService {

    private static final Logger LOG = Logger.getLogger(ChargeService.class);

    private final WorkspaceRepository workspaces;
    private final DeletedWorkspaceRepository tombstones;
    private final OwnershipHistoryRepository history;
    private final LedgerService ledger;
    private final LedgerMetrics metrics;

    public ChargeService(
            WorkspaceRepository workspaces,
            DeletedWorkspaceRepository tombstones,
            OwnershipHistoryRepository history,
            LedgerService ledger,
            LedgerMetrics metrics) {
        this.metrics = metrics;
        this.workspaces = workspaces;
        this.tombstones = tombstones;
        this.history = history;
        this.ledger = ledger;
    }

    /** Joins the current (inbox) transaction. */
    public Uni<Void> apply(ChargeCreatedV1 charge) {
        if (charge.chargeId() == null || charge.chargeId().isBlank() || charge.workspaceId() == null) {
            return Uni.createFrom().failure(new PoisonEventException("charge.created without chargeId or workspaceId"));
        }
        if (charge.debitMicros() == 0) {
            return Uni.createFrom().voidItem(); // nothing to book: a ledger entry always moves money
        }
        return payerOf(charge).chain(ownerId -> {
            if (ownerId == null) {
                // Fails the record (→ dead-letter topic with this reason): money must not vanish silently.
                return Uni.createFrom()
                        .failure(new PoisonEventException(
                                "charge " + charge.chargeId() + " is for unknown workspace " + charge.workspaceId()));
            }
            String description = charge.correctionOf() == null
                    ? "Usage: " + charge.resource() + " " + charge.windowStart() + " – " + charge.windowEnd()
                    : "Correction of " + charge.correctionOf();
            EntryDraft draft = EntryDraft.of(
                            ownerId,
                            EntryType.CHARGE,
                            Math.negateExact(charge.debitMicros()),
                            "charge:" + charge.chargeId(),
                            description,
                            "metering")
                    .withCharge(charge.chargeId(), charge.workspaceId());
            return ledger.bookCreatingAccount(draft)
                    .invoke(booking -> {
                        if (!booking.applied()) {
                            LOG.debugf("Charge %s was booked before: skipped", charge.chargeId());
                        }
                    })
                    .call(booking -> metrics.charge(booking.applied()))
                    .replaceWithVoid();
        });
    }

    /**
     * The account that pays: whoever owned the workspace when the charge's window started (the ownership history), so
     * usage before a transfer is paid by the former owner even when its charge arrives after the transfer. A window the
     * history does not cover (before the workspace existed) falls back to the current owner or the tombstone's.
     */
    private Uni<String> payerOf(ChargeCreatedV1 charge) {
        if (charge.windowStart() == null) {
            return ownerOf(charge.workspaceId());
        }
        return history.ownerAt(charge.workspaceId(), charge.windowStart())
                .chain(owner -> owner != null ? Uni.createFrom().item(owner) : ownerOf(charge.workspaceId()));
    }

    /**
     * The owner now: of the live workspace, or of a deleted one as it was at deletion (its tombstone), so usage
     * up to the deletion is charged even when metering's event arrives after it.
     */
    private Uni<String> ownerOf(String workspaceId) {
        return workspaces
                .findById(workspaceId)
                .chain(workspace ->
                        workspace != null ? Uni.createFrom().item(workspace.ownerId) : tombstones.ownerOf(workspaceId));
    }
}
