package io.sealcloud.accounts.domain;

import java.util.Arrays;
import java.util.Optional;

/** What a ledger entry is: its name on the wire and in the database is the lower-case word. */
public enum EntryType {
    /** A payment booked as credit. */
    RECHARGE("recharge"),
    /** Sign-up credit, a redeemed gift code, or (negative) the unused part of expired gift credit. */
    GIFT("gift"),
    /** An ops correction with a mandatory reason; signed. */
    ADJUSTMENT("adjustment"),
    /** Money returned through a payment provider; negative. */
    REFUND("refund"),
    /** Usage charged by metering; negative, or positive for a metering correction. */
    CHARGE("charge");

    private final String wire;

    EntryType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<EntryType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst();
    }
}
