package io.sealcloud.accounts.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A payment a provider confirmed (a verified webhook or an ops-completed sandbox order), recorded once per provider
 * payment id whatever became of it: booked to the payer, or held for ops to refund. Money a provider captured is never
 * dropped.
 */
@Entity
@Table(name = "provider_payments")
public class ProviderPayment {

    public static final String BOOKED = "booked";
    public static final String HELD = "held";
    public static final String REFUNDED = "refunded";

    /** Booked late: the order had expired, the payer is credited all the same. */
    public static final String ORDER_EXPIRED = "order-expired";
    /** Held: the provider captured another amount than the order's. */
    public static final String AMOUNT_MISMATCH = "amount-mismatch";
    /** Held: no order of this provider has the id the payment names. */
    public static final String UNKNOWN_ORDER = "unknown-order";
    /** Held: another payment paid the order already. */
    public static final String ORDER_ALREADY_PAID = "order-already-paid";

    @Id
    public String id;

    @Column(nullable = false)
    public String provider;

    @Column(name = "provider_payment_id", nullable = false)
    public String providerPaymentId;

    @Column(name = "order_id", nullable = false)
    public String orderId;

    /** The payer, when the order is known. */
    @Column(name = "account_id")
    public String accountId;

    @Column(name = "amount_micros", nullable = false)
    public long amountMicros;

    @Column(nullable = false)
    public String status;

    public String reason;

    @Column(name = "ledger_entry_id")
    public String ledgerEntryId;

    @Column(name = "refund_reference")
    public String refundReference;

    @Column(name = "refund_reason")
    public String refundReason;

    @Column(name = "resolved_by")
    public String resolvedBy;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;
}
