package io.sealcloud.contracts.accounts;

import java.time.Instant;

/**
 * A payment provider confirmed a payment and the account was credited; published once per provider payment, with the
 * {@link AccountBalanceChangedV1} of the same ledger entry.
 *
 * @param paymentId sealcloud's id of the payment
 * @param accountId the credited account (also the Kafka key)
 * @param provider the payment provider, e.g. {@code stripe}, or {@code manual}
 * @param providerReference the provider's own id of the payment, unique per provider
 * @param amountMicros the amount credited, in micro-units
 * @param ledgerEntryId the recharge ledger entry that booked the payment
 * @param succeededAt when the provider confirmed the payment
 */
public record PaymentSucceededV1(
        String paymentId,
        String accountId,
        String provider,
        String providerReference,
        long amountMicros,
        String ledgerEntryId,
        Instant succeededAt) {

    /** A realistic instance (the 50-unit recharge of {@link AccountBalanceChangedV1#example()}). */
    public static PaymentSucceededV1 example() {
        return new PaymentSucceededV1(
                "pay_01JDQ7W2Z8C3D5F7G9H1J3K5M7",
                "5f0c6a1e-8a4b-4f7e-9c51-2b8d3c9e0a11",
                "stripe",
                "pi_3QJX2sLkdIwHu7ix0bT5cK1e",
                50_000_000L,
                "01JDQ7W3B1K9X5M2N8P4R6T0VZ",
                Instant.parse("2026-12-03T11:02:36Z"));
    }
}
