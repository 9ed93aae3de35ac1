package io.sealcloud.accounts.domain;

import java.util.Arrays;

/** The steps of the debt ladder (names as in {@code account.debt-state-changed}). */
public enum DebtState {
    NORMAL("normal"),
    LOW_BALANCE("low-balance"),
    CRITICAL_BALANCE("critical-balance"),
    /** Balance ≤ 0: the owner's workspaces are suspended. */
    DEBT("debt"),
    /** In debt for the first grace period: workloads are deleted (namespaces kept). */
    DEBT_DELETION("debt-deletion"),
    /** In debt for the second grace period as well: the workspaces are deleted. */
    FINAL_DELETION("final-deletion");

    private final String wire;

    DebtState(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Whether the account owes money (suspended or worse). */
    public boolean inDebt() {
        return this == DEBT || this == DEBT_DELETION || this == FINAL_DELETION;
    }

    public static DebtState fromWire(String value) {
        return Arrays.stream(values())
                .filter(s -> s.wire.equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown debt state " + value));
    }
}
