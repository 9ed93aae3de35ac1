package io.sealcloud.accounts.domain;

/**
 * The outcome of booking an entry.
 *
 * @param applied false when the entry's source was booked before (a duplicate: nothing changed)
 * @param entryId the new entry's id (null for a duplicate)
 * @param balanceMicros the account's balance afterwards
 * @param state the account's debt state afterwards
 */
public record Booking(boolean applied, String entryId, long balanceMicros, DebtState state) {}
