package io.sealcloud.contracts.accounts;

import java.time.Instant;

/**
 * An account's balance changed: one event per ledger entry. Money is in integer micro-units (1 unit = 1,000,000).
 *
 * @param accountId the account (also the Kafka key); equals the owning user's id (OIDC {@code sub})
 * @param ledgerEntryId the ledger entry that changed the balance
 * @param entryType {@code recharge}, {@code gift}, {@code adjustment}, {@code refund} or {@code charge}
 * @param deltaMicros signed change: positive for credits, negative for charges
 * @param balanceMicros the balance after the entry; negative in debt
 * @param changedAt when the entry was booked
 */
public record AccountBalanceChangedV1(
        String accountId,
        String ledgerEntryId,
        String entryType,
        long deltaMicros,
        long balanceMicros,
        Instant changedAt) {

    /** A realistic instance (a 50-unit recharge), used by docs and the conformance test. */
    public static AccountBalanceChangedV1 example() {
        return new AccountBalanceChangedV1(
                "5f0c6a1e-8a4b-4f7e-9c51-2b8d3c9e0a11",
                "01JDQ7W3B1K9X5M2N8P4R6T0VZ",
                "recharge",
                50_000_000L,
                48_750_000L,
                Instant.parse("2026-12-03T11:02:37Z"));
    }
}
