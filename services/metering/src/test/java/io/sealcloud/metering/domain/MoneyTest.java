package io.sealcloud.metering.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void roundsHalfUpOncePerCharge() {
        // 2.5 µ → 3, 2.4999 → 2
        assertThat(Money.debitMicros(5, 1, 1, 2)).isEqualTo(3);
        assertThat(Money.debitMicros(24_999, 1, 1, 10_000)).isEqualTo(2);
    }

    @Test
    void negativeAmountsRoundAwayFromZeroAtTheHalf() {
        assertThat(Money.divideHalfUp(java.math.BigInteger.valueOf(-5), java.math.BigInteger.TWO))
                .isEqualTo(-3);
    }

    @Test
    void aWindowOfOneCoreCostsItsShareOfTheHourlyPrice() {
        // 1000 millicores for 5 × 60 s = 300,000 millicore-seconds = 5000 millicore-minutes;
        // 50,000 µ per 60,000 millicore-minutes → 4166.67 µ → 4167 µ.
        assertThat(Money.quantity(300_000, 60)).isEqualTo(5000);
        assertThat(Money.debitMicros(300_000, 60, 50_000, 60_000)).isEqualTo(4167);
    }

    @Test
    void doesNotOverflowForLargeUsage() {
        long numerator = Long.MAX_VALUE / 2;
        assertThat(Money.debitMicros(numerator, 1, 1_000_000, 1_000_000)).isEqualTo(numerator);
    }

    @Test
    void anHourOfAnAllocationCostsItsHourlyPrice() {
        assertThat(Money.hourlyMicros(1000, 60, 50_000, 60_000)).isEqualTo(50_000);
    }
}
