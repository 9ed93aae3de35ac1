package io.sealcloud.metering.domain;

import java.time.Instant;

/**
 * One effective-dated price of a resource: {@code priceMicros} per {@code perQuantity} {@code unit}s, from {@code
 * effectiveFrom} until the next version of the same resource. Never edited once written.
 */
public record PriceVersion(
        String id,
        String resource,
        String unit,
        long priceMicros,
        long perQuantity,
        Instant effectiveFrom,
        Instant createdAt,
        String createdBy,
        String description) {

    /** The price of {@code numerator / denominator} units, rounded once, half up. */
    public long debitMicros(long numerator, long denominator) {
        return Money.debitMicros(numerator, denominator, priceMicros, perQuantity);
    }
}
