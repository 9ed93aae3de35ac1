package io.sealcloud.accounts.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A ledger entry to book.
 *
 * @param accountId the account
 * @param type what it is
 * @param amountMicros signed: credits positive, debits negative; never 0
 * @param sourceKey the natural key of what caused it (unique in the ledger: booking the same source twice is a no-op)
 * @param chargeId metering's charge id (charges only; unique)
 * @param paymentId sealcloud's payment order id (recharges only; unique)
 * @param workspaceId the workspace it concerns, if any
 * @param description a human-readable line for statements
 * @param actor who booked it ({@code system}, {@code metering}, a provider name, an ops user id)
 * @param creditExpiresAt for gifts: when the credit expires (null: it does not)
 * @param creditFirst for debits: spend expiring credit before the rest (false only for refunds)
 */
public record EntryDraft(
        String accountId,
        EntryType type,
        long amountMicros,
        String sourceKey,
        String chargeId,
        String paymentId,
        String workspaceId,
        String description,
        String actor,
        Instant creditExpiresAt,
        boolean creditFirst) {

    public EntryDraft {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sourceKey, "sourceKey");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(actor, "actor");
        if (amountMicros == 0) {
            throw new IllegalArgumentException("a ledger entry moves money: amount must not be 0");
        }
    }

    public static EntryDraft of(
            String accountId, EntryType type, long amountMicros, String sourceKey, String description, String actor) {
        return new EntryDraft(
                accountId, type, amountMicros, sourceKey, null, null, null, description, actor, null, true);
    }

    public EntryDraft withCharge(String chargeId, String workspaceId) {
        return new EntryDraft(
                accountId,
                type,
                amountMicros,
                sourceKey,
                chargeId,
                paymentId,
                workspaceId,
                description,
                actor,
                creditExpiresAt,
                creditFirst);
    }

    public EntryDraft withPayment(String paymentId) {
        return new EntryDraft(
                accountId,
                type,
                amountMicros,
                sourceKey,
                chargeId,
                paymentId,
                workspaceId,
                description,
                actor,
                creditExpiresAt,
                creditFirst);
    }

    public EntryDraft expiringAt(Instant expiresAt) {
        return new EntryDraft(
                accountId,
                type,
                amountMicros,
                sourceKey,
                chargeId,
                paymentId,
                workspaceId,
                description,
                actor,
                expiresAt,
                creditFirst);
    }

    public EntryDraft ownMoneyFirst() {
        return new EntryDraft(
                accountId,
                type,
                amountMicros,
                sourceKey,
                chargeId,
                paymentId,
                workspaceId,
                description,
                actor,
                creditExpiresAt,
                false);
    }
}
