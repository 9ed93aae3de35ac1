package io.sealcloud.metering.domain;

import java.math.BigInteger;

/**
 * Exact integer arithmetic for charges. Usage is kept as an exact fraction {@code numerator / denominator} of the
 * billing unit (e.g. millicore-seconds / 60 = millicore-minutes); it is rounded once per charge, half up, never per
 * sample — so N windows cost exactly the sum of N independently rounded charges, and a hand computation gives the
 * same micro-unit.
 */
public final class Money {

    private static final BigInteger TWO = BigInteger.valueOf(2);

    private Money() {}

    /** {@code round_half_up(numerator × priceMicros / (denominator × perQuantity))}; exact for any long inputs. */
    public static long debitMicros(long numerator, long denominator, long priceMicros, long perQuantity) {
        return divideHalfUp(
                BigInteger.valueOf(numerator).multiply(BigInteger.valueOf(priceMicros)),
                BigInteger.valueOf(denominator).multiply(BigInteger.valueOf(perQuantity)));
    }

    /** The usage in billing units, rounded half up (what the charge shows as {@code quantity}). */
    public static long quantity(long numerator, long denominator) {
        return divideHalfUp(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
    }

    /** Cost per hour of an allocation held for an hour, for the live inventory ({@code allocation × 3600 s}). */
    public static long hourlyMicros(long allocation, long denominatorPerSecond, long priceMicros, long perQuantity) {
        return debitMicros(allocation * 3600L, denominatorPerSecond, priceMicros, perQuantity);
    }

    static long divideHalfUp(BigInteger dividend, BigInteger divisor) {
        if (divisor.signum() <= 0) {
            throw new IllegalArgumentException("divisor must be positive");
        }
        BigInteger[] qr = dividend.abs().divideAndRemainder(divisor);
        BigInteger magnitude = qr[1].multiply(TWO).compareTo(divisor) >= 0 ? qr[0].add(BigInteger.ONE) : qr[0];
        return (dividend.signum() < 0 ? magnitude.negate() : magnitude).longValueExact();
    }
}
