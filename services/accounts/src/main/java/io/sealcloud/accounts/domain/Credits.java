package io.sealcloud.accounts.domain;

/**
 * How an entry moves the expiring-credit part of a balance. The rule: expiring credit is spent before the rest of the
 * balance, and credit never stands beside a debt ({@code credit ≤ max(balance, 0)}). So a debit (charge, negative
 * adjustment) uses credit first; a refund returns the user's own money first and touches credit only when the rest
 * does not cover it; new gift credit first pays an outstanding debt and only what is left of it stays credit (with
 * its expiry).
 */
public final class Credits {

    private Credits() {}

    /** The credit a debit of {@code debitMicros} (positive) uses. */
    public static long usedByDebit(long balanceMicros, long creditMicros, long debitMicros, boolean creditFirst) {
        if (debitMicros <= 0 || creditMicros <= 0) {
            return 0;
        }
        if (creditFirst) {
            return Math.min(debitMicros, creditMicros);
        }
        long own = balanceMicros - creditMicros; // ≥ 0 whenever there is credit
        return Math.min(creditMicros, Math.max(0, debitMicros - own));
    }

    /** What part of newly granted expiring credit stays credit once the balance (already including it) is known. */
    public static long keptOfGrant(long grantMicros, long newBalanceMicros, long creditBeforeMicros) {
        return Math.max(0, Math.min(grantMicros, newBalanceMicros - creditBeforeMicros));
    }
}
