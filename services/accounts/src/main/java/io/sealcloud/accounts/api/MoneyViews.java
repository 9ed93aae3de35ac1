package io.sealcloud.accounts.api;

import io.sealcloud.accounts.domain.CreditGrant;
import io.sealcloud.accounts.domain.GiftCode;
import io.sealcloud.accounts.domain.LedgerEntry;
import io.sealcloud.accounts.domain.Notification;
import io.sealcloud.accounts.domain.PaymentOrder;
import io.sealcloud.accounts.domain.ProviderPayment;
import io.sealcloud.accounts.repository.LedgerEntryRepository;
import io.sealcloud.accounts.service.AccountQueries;
import java.time.Instant;
import java.util.List;

/** What the money endpoints answer. Money is always integer micro-units (1 unit = 1,000,000). */
public final class MoneyViews {

    private MoneyViews() {}

    /** An account: balance (negative in debt), the expiring-credit part of it, and the debt state. */
    public record AccountView(
            String id,
            long balanceMicros,
            long creditMicros,
            String debtState,
            Instant debtStateSince,
            List<CreditView> credits) {

        static AccountView of(AccountQueries.AccountWithCredits a) {
            return new AccountView(
                    a.account().id,
                    a.account().balanceMicros,
                    a.account().creditMicros,
                    a.account().debtState,
                    a.account().debtStateSince,
                    a.credits().stream().map(CreditView::of).toList());
        }
    }

    /** Expiring credit with something left; spent before the rest of the balance, earliest expiry first. */
    public record CreditView(String entryId, long amountMicros, long remainingMicros, Instant expiresAt) {
        static CreditView of(CreditGrant g) {
            return new CreditView(g.entryId, g.amountMicros, g.remainingMicros, g.expiresAt);
        }
    }

    /** A ledger entry. */
    public record EntryView(
            String id,
            long seq,
            String type,
            long amountMicros,
            long balanceAfterMicros,
            long creditUsedMicros,
            String chargeId,
            String paymentId,
            String workspaceId,
            String description,
            String actor,
            Instant createdAt) {
        static EntryView of(LedgerEntry e) {
            return new EntryView(
                    e.id,
                    e.seq,
                    e.type,
                    e.amountMicros,
                    e.balanceAfterMicros,
                    e.creditUsedMicros,
                    e.chargeId,
                    e.paymentId,
                    e.workspaceId,
                    e.description,
                    e.actor,
                    e.createdAt);
        }
    }

    /** A monthly statement (UTC month). */
    public record StatementView(
            String month,
            Instant from,
            Instant to,
            long openingBalanceMicros,
            long closingBalanceMicros,
            List<TypeTotalView> totals) {
        static StatementView of(AccountQueries.Statement s) {
            return new StatementView(
                    s.month().toString(),
                    s.from(),
                    s.to(),
                    s.openingBalanceMicros(),
                    s.closingBalanceMicros(),
                    s.totals().stream().map(TypeTotalView::of).toList());
        }
    }

    /** Sum and number of one entry type in a statement. */
    public record TypeTotalView(String type, long amountMicros, long count) {
        static TypeTotalView of(LedgerEntryRepository.TypeTotal t) {
            return new TypeTotalView(t.type(), t.amountMicros(), t.count());
        }
    }

    /** A notification. */
    public record NotificationView(
            long id,
            String kind,
            String state,
            String previousState,
            long balanceMicros,
            String message,
            Instant createdAt) {
        static NotificationView of(Notification n) {
            return new NotificationView(
                    n.id, n.kind, n.state, n.previousState, n.balanceMicros, n.message, n.createdAt);
        }
    }

    /** A payment order. {@code status}: pending, paid, expired, refunded, partially-refunded. */
    public record OrderView(
            String id,
            String provider,
            long amountMicros,
            String status,
            String checkoutUrl,
            String ledgerEntryId,
            long refundedMicros,
            Instant expiresAt,
            Instant paidAt,
            Instant createdAt) {
        static OrderView of(PaymentOrder o, Instant now) {
            return new OrderView(
                    o.id,
                    o.provider,
                    o.amountMicros,
                    o.effectiveStatus(now),
                    o.checkoutUrl,
                    o.ledgerEntryId,
                    o.refundedMicros,
                    o.expiresAt,
                    o.paidAt,
                    o.createdAt);
        }
    }

    /**
     * A payment a provider confirmed, as ops see it. {@code status}: booked, held (waiting for a refund) or refunded;
     * {@code reason}: order-expired (booked late), amount-mismatch, unknown-order or order-already-paid.
     */
    public record ProviderPaymentView(
            String id,
            String provider,
            String providerPaymentId,
            String orderId,
            String accountId,
            long amountMicros,
            String status,
            String reason,
            String ledgerEntryId,
            String refundReference,
            String refundReason,
            String resolvedBy,
            Instant resolvedAt,
            Instant receivedAt) {
        static ProviderPaymentView of(ProviderPayment p) {
            return new ProviderPaymentView(
                    p.id,
                    p.provider,
                    p.providerPaymentId,
                    p.orderId,
                    p.accountId,
                    p.amountMicros,
                    p.status,
                    p.reason,
                    p.ledgerEntryId,
                    p.refundReference,
                    p.refundReason,
                    p.resolvedBy,
                    p.resolvedAt,
                    p.receivedAt);
        }
    }

    /** A gift code as ops see it. */
    public record GiftCodeView(
            String code,
            long amountMicros,
            int maxUses,
            int uses,
            int perUserLimit,
            Instant expiresAt,
            Long creditValidSeconds,
            String description,
            boolean disabled,
            String createdBy,
            Instant createdAt) {
        static GiftCodeView of(GiftCode g) {
            return new GiftCodeView(
                    g.code,
                    g.amountMicros,
                    g.maxUses,
                    g.uses,
                    g.perUserLimit,
                    g.expiresAt,
                    g.creditValidSeconds,
                    g.description,
                    g.disabled,
                    g.createdBy,
                    g.createdAt);
        }
    }

    /** The result of a redemption or adjustment: the new entry and the balance after it. */
    public record BookingView(String entryId, long balanceMicros, String debtState) {}
}
