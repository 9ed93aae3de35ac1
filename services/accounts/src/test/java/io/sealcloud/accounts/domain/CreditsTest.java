package io.sealcloud.accounts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CreditsTest {

    @Test
    void aChargeSpendsExpiringCreditFirst() {
        // balance 20 of which 5 is credit; a charge of 3 takes it all from the credit
        assertThat(Credits.usedByDebit(20, 5, 3, true)).isEqualTo(3);
        // a charge of 8 takes the 5 of credit, then 3 of the rest
        assertThat(Credits.usedByDebit(20, 5, 8, true)).isEqualTo(5);
    }

    @Test
    void aRefundReturnsOwnMoneyFirstAndTouchesCreditOnlyBeyondIt() {
        assertThat(Credits.usedByDebit(20, 5, 15, false)).isZero();
        assertThat(Credits.usedByDebit(20, 5, 17, false)).isEqualTo(2);
        assertThat(Credits.usedByDebit(20, 5, 30, false)).isEqualTo(5);
    }

    @Test
    void newCreditPaysAnOutstandingDebtFirst() {
        // owing 500, a gift of 10: the balance is -490 and nothing of the gift stays credit
        assertThat(Credits.keptOfGrant(10, -490, 0)).isZero();
        // owing 5, a gift of 10: 5 pays the debt, 5 stays credit
        assertThat(Credits.keptOfGrant(10, 5, 0)).isEqualTo(5);
        // no debt: all of it stays credit
        assertThat(Credits.keptOfGrant(10, 30, 5)).isEqualTo(10);
    }

    @Test
    void noCreditMeansNothingToSpend() {
        assertThat(Credits.usedByDebit(20, 0, 8, true)).isZero();
        assertThat(Credits.usedByDebit(-3, 0, 8, true)).isZero();
    }
}
