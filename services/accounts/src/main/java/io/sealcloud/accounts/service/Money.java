package io.sealcloud.accounts.service;

import java.math.BigDecimal;

/** Formats micro-units for people ({@code -12.5} units); the API itself always speaks micro-units. */
final class Money {

    static final long MICROS_PER_UNIT = 1_000_000L;

    private Money() {}

    static String format(long micros) {
        return BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString() + " units";
    }
}
