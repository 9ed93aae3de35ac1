package io.sealcloud.accounts.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DebtLadderTest {

    private static final long UNIT = 1_000_000L;
    private final DebtLadder ladder = new DebtLadder(10 * UNIT, 5 * UNIT, Duration.ofDays(7), Duration.ofDays(7));

    @Test
    void placesABalanceOnItsStepWithInclusiveThresholds() {
        assertThat(ladder.afterBalance(DebtState.NORMAL, 10 * UNIT + 1)).isEqualTo(DebtState.NORMAL);
        assertThat(ladder.afterBalance(DebtState.NORMAL, 10 * UNIT)).isEqualTo(DebtState.LOW_BALANCE);
        assertThat(ladder.afterBalance(DebtState.NORMAL, 5 * UNIT + 1)).isEqualTo(DebtState.LOW_BALANCE);
        assertThat(ladder.afterBalance(DebtState.NORMAL, 5 * UNIT)).isEqualTo(DebtState.CRITICAL_BALANCE);
        assertThat(ladder.afterBalance(DebtState.NORMAL, 1)).isEqualTo(DebtState.CRITICAL_BALANCE);
        assertThat(ladder.afterBalance(DebtState.NORMAL, 0)).isEqualTo(DebtState.DEBT);
        assertThat(ladder.afterBalance(DebtState.CRITICAL_BALANCE, -1)).isEqualTo(DebtState.DEBT);
    }

    @Test
    void keepsAnAccountInDebtOnItsStepWhileTheBalanceStaysAtOrBelowZero() {
        assertThat(ladder.afterBalance(DebtState.DEBT, -490 * UNIT)).isEqualTo(DebtState.DEBT);
        assertThat(ladder.afterBalance(DebtState.DEBT_DELETION, 0)).isEqualTo(DebtState.DEBT_DELETION);
        assertThat(ladder.afterBalance(DebtState.FINAL_DELETION, -1)).isEqualTo(DebtState.FINAL_DELETION);
    }

    @Test
    void takesAnyAccountBackUpOnceTheBalanceIsAboveZero() {
        assertThat(ladder.afterBalance(DebtState.DEBT, 1)).isEqualTo(DebtState.CRITICAL_BALANCE);
        assertThat(ladder.afterBalance(DebtState.DEBT_DELETION, 100 * UNIT)).isEqualTo(DebtState.NORMAL);
    }

    @Test
    void movesDownWhenAGracePeriodHasPassedAndNotBefore() {
        Instant since = Instant.parse("2026-11-01T00:00:00Z");
        assertThat(ladder.afterTime(
                        DebtState.DEBT, since, since.plus(Duration.ofDays(7)).minusMillis(1)))
                .isEmpty();
        assertThat(ladder.afterTime(DebtState.DEBT, since, since.plus(Duration.ofDays(7))))
                .contains(DebtState.DEBT_DELETION);
        assertThat(ladder.afterTime(DebtState.DEBT_DELETION, since, since.plus(Duration.ofDays(7))))
                .contains(DebtState.FINAL_DELETION);
        assertThat(ladder.afterTime(DebtState.FINAL_DELETION, since, since.plus(Duration.ofDays(700))))
                .isEmpty();
        assertThat(ladder.afterTime(DebtState.LOW_BALANCE, since, since.plus(Duration.ofDays(700))))
                .isEmpty();
    }

    @Test
    void refusesThresholdsInTheWrongOrder() {
        assertThatThrownBy(() -> new DebtLadder(5, 10, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DebtLadder(5, 0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
