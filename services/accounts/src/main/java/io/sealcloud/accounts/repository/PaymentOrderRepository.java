package io.sealcloud.accounts.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.sealcloud.accounts.domain.PaymentOrder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Payment orders and refunds. */
@ApplicationScoped
public class PaymentOrderRepository implements PanacheRepositoryBase<PaymentOrder, String> {

    private static final String INSERT_REFUND = """
            INSERT INTO payment_refunds (id, order_id, provider, provider_refund_id, amount_micros, reason,
                                         ledger_entry_id, requested_by, created_at)
            VALUES (:id, :order, :provider, :providerRefund, :amount, :reason, :entry, :by, :now)""";

    /** The order, locked until the transaction ends (a webhook and an ops action on one order are serialized). */
    /**
     * Marks pending orders past their expiry as expired, at most {@code limit} of them; returns how many. Rows a
     * webhook holds locked are skipped (that webhook refuses the order itself, and the next sweep gets it).
     */
    public Uni<Integer> expirePending(java.time.Instant now, int limit) {
        return io.quarkus.hibernate.reactive.panache.Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                                UPDATE payment_orders SET status = 'expired'
                                 WHERE id IN (SELECT id FROM payment_orders
                                               WHERE status = 'pending' AND expires_at <= :now
                                               ORDER BY expires_at LIMIT :limit FOR UPDATE SKIP LOCKED)""")
                        .setParameter("now", java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC))
                        .setParameter("limit", limit)
                        .executeUpdate());
    }

    public Uni<PaymentOrder> lock(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** One page of an account's orders, newest first. */
    public Uni<List<PaymentOrder>> page(String accountId, Long beforeSeq, int limit) {
        return beforeSeq == null
                ? find("accountId = ?1 order by seq desc", accountId)
                        .page(0, limit)
                        .list()
                : find("accountId = ?1 and seq < ?2 order by seq desc", accountId, beforeSeq)
                        .page(0, limit)
                        .list();
    }

    public Uni<Void> insertRefund(
            String id,
            PaymentOrder order,
            String providerRefundId,
            long amountMicros,
            String reason,
            String entryId,
            String by,
            Instant now) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(INSERT_REFUND)
                        .setParameter("id", id)
                        .setParameter("order", order.id)
                        .setParameter("provider", order.provider)
                        .setParameter("providerRefund", providerRefundId)
                        .setParameter("amount", amountMicros)
                        .setParameter("reason", reason)
                        .setParameter("entry", entryId)
                        .setParameter("by", by)
                        .setParameter("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                        .executeUpdate())
                .replaceWithVoid();
    }
}
