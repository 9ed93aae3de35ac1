package io.sealcloud.accounts.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The rules of the debt ladder, without time source or storage: where a balance puts an account, and when time moves
 * an account in debt further down.
 *
 * <ul>
 *   <li>balance &gt; low: {@code normal}; ≤ low: {@code low-balance}; ≤ critical: {@code critical-balance};
 *   <li>≤ 0: {@code debt}; an account already in debt stays on its step (later charges do not restart the clock);
 *   <li>{@code debt} for {@code deletionAfter}: {@code debt-deletion}; that for {@code finalAfter}: {@code
 *       final-deletion};
 *   <li>a balance above 0 takes any account back to the step its balance says, at once.
 * </ul>
 *
 * @param lowMicros the low-balance threshold (inclusive)
 * @param criticalMicros the critical-balance threshold (inclusive), below {@code lowMicros}
 * @param deletionAfter how long in {@code debt} before workloads are deleted
 * @param finalAfter how long in {@code debt-deletion} before the workspaces are deleted
 */
public record DebtLadder(long lowMicros, long criticalMicros, Duration deletionAfter, Duration finalAfter) {

    public DebtLadder {
        if (criticalMicros <= 0 || lowMicros < criticalMicros) {
            throw new IllegalArgumentException("thresholds must satisfy 0 < critical <= low");
        }
        if (deletionAfter.isNegative() || finalAfter.isNegative()) {
            throw new IllegalArgumentException("grace periods must not be negative");
        }
    }

    /** The state an account in {@code current} is in once its balance is {@code balanceMicros}. */
    public DebtState afterBalance(DebtState current, long balanceMicros) {
        if (balanceMicros <= 0) {
            return current.inDebt() ? current : DebtState.DEBT;
        }
        if (balanceMicros <= criticalMicros) {
            return DebtState.CRITICAL_BALANCE;
        }
        return balanceMicros <= lowMicros ? DebtState.LOW_BALANCE : DebtState.NORMAL;
    }

    /** The next step time brings an account that entered {@code current} at {@code since}, if it is due at {@code now}. */
    public Optional<DebtState> afterTime(DebtState current, Instant since, Instant now) {
        return switch (current) {
            case DEBT -> due(since, deletionAfter, now) ? Optional.of(DebtState.DEBT_DELETION) : Optional.empty();
            case DEBT_DELETION ->
                due(since, finalAfter, now) ? Optional.of(DebtState.FINAL_DELETION) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static boolean due(Instant since, Duration period, Instant now) {
        return !now.isBefore(since.plus(period));
    }
}
