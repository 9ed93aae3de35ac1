package io.sealcloud.accounts.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.accounts.domain.Booking;
import io.sealcloud.accounts.domain.EntryDraft;
import io.sealcloud.accounts.domain.EntryType;
import io.sealcloud.accounts.domain.MoneyIds;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.jboss.logging.Logger;

/** Ops adjustments: a signed correction with a mandatory reason, booked and audited in one transaction. */
@ApplicationScoped
public class AdjustmentService {

    private static final Logger LOG = Logger.getLogger(AdjustmentService.class);

    private final LedgerService ledger;
    private final AuditLog audit;

    public AdjustmentService(LedgerService ledger, AuditLog audit) {
        this.ledger = ledger;
        this.audit = audit;
    }

    /** Books the adjustment; 404 when the account does not exist, 403 {@code four-eyes} for the caller's own. */
    public Uni<Booking> adjust(String accountId, long amountMicros, String reason, String opsUserId) {
        if (accountId.equals(opsUserId)) {
            // Four eyes: whatever the sign, ops do not book on their own account.
            return Uni.createFrom()
                    .failure(MoneyProblems.fourEyes("Ops cannot adjust their own balance; another ops user must."));
        }
        // Each request is its own source (retries are deduplicated by the Idempotency-Key, not by the amount).
        EntryDraft draft = EntryDraft.of(
                accountId,
                EntryType.ADJUSTMENT,
                amountMicros,
                "adjustment:" + MoneyIds.entry(),
                "Adjustment: " + reason,
                opsUserId);
        return Panache.withTransaction(() -> ledger.book(draft)
                        .call(booking -> audit.record(
                                opsUserId,
                                "account.adjusted",
                                null,
                                accountId,
                                Map.of("amountMicros", amountMicros, "reason", reason, "entryId", booking.entryId()))))
                .invoke(b -> LOG.infof(
                        "Ops %s adjusted account %s by %d µ (entry %s): %s",
                        opsUserId, accountId, amountMicros, b.entryId(), reason));
    }
}
