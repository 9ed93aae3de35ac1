package io.sealcloud.accounts.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An order to pay money into an account through a provider; paid only by the provider's confirmation. */
@Entity
@Table(name = "payment_orders")
public class PaymentOrder {

    public static final String PENDING = "pending";
    public static final String PAID = "paid";
    public static final String EXPIRED = "expired";
    public static final String REFUNDED = "refunded";
    public static final String PARTIALLY_REFUNDED = "partially-refunded";

    @Id
    public String id;

    /** Creation order (assigned by the database). */
    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(name = "account_id", nullable = false)
    public String accountId;

    @Column(nullable = false)
    public String provider;

    @Column(name = "amount_micros", nullable = false)
    public long amountMicros;

    @Column(nullable = false)
    public String status;

    @Column(name = "checkout_url")
    public String checkoutUrl;

    @Column(name = "provider_payment_id")
    public String providerPaymentId;

    @Column(name = "ledger_entry_id")
    public String ledgerEntryId;

    @Column(name = "refunded_micros", nullable = false)
    public long refundedMicros;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "paid_at")
    public Instant paidAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The status a reader should see: a pending order past its expiry is expired, whether or not it was swept. */
    public String effectiveStatus(Instant now) {
        return PENDING.equals(status) && !now.isBefore(expiresAt) ? EXPIRED : status;
    }
}
