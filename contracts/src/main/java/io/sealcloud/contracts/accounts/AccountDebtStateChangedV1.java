package io.sealcloud.contracts.accounts;

import java.time.Instant;

/**
 * An account moved on the debt ladder. It applies to every workspace the account pays for (those whose owner is the
 * account's user).
 *
 * @param accountId the account (also the Kafka key); equals the owning user's id (OIDC {@code sub})
 * @param state the new state: {@code normal}, {@code low-balance}, {@code critical-balance}, {@code debt} (workloads
 *     suspended), {@code debt-deletion} (workloads deleted) or {@code final-deletion}
 * @param previousState the state before the change
 * @param balanceMicros the balance when the state changed, in micro-units; negative in debt
 * @param changedAt when the account entered the new state; grace periods count from here
 */
public record AccountDebtStateChangedV1(
        String accountId, String state, String previousState, long balanceMicros, Instant changedAt) {

    /** A realistic instance (the balance went below zero), used by docs and the conformance test. */
    public static AccountDebtStateChangedV1 example() {
        return new AccountDebtStateChangedV1(
                "5f0c6a1e-8a4b-4f7e-9c51-2b8d3c9e0a11",
                "debt",
                "critical-balance",
                -1_250_000L,
                Instant.parse("2026-12-01T23:00:00Z"));
    }
}
