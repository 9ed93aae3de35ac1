package io.sealcloud.contracts.metering;

import java.time.Instant;

/**
 * A workspace was charged for one resource used by one attribution during one rating window. Accounts debits the
 * workspace owner's account once per {@code chargeId}, however often the event is delivered. Money is in integer
 * micro-units (1 unit = 1,000,000).
 *
 * @param chargeId deterministic id of (workspace, window, resource, attribution), or of the correction; unique
 * @param workspaceId the charged workspace (also the Kafka key)
 * @param windowStart start of the rating window, inclusive
 * @param windowEnd end of the rating window, exclusive
 * @param resource what was used: {@code cpu}, {@code memory}, {@code storage}, {@code nodeport},
 *     {@code loadbalancer}, {@code gpu:<resource name>} or {@code partner:<client>/<meter>}
 * @param attribution who in the workspace used it
 * @param quantity usage in {@code unit}s over the window (integer, already rounded as the price says)
 * @param unit the billing unit of {@code quantity}, e.g. {@code millicore-minute}, {@code MiB-minute}
 * @param priceVersion the id of the price version the amount was computed with
 * @param debitMicros what to debit from the owner's account; negative only for a correction that gives money back
 * @param correctionOf the charge this one corrects (a reprice), or {@code null} for an original charge
 */
public record ChargeCreatedV1(
        String chargeId,
        String workspaceId,
        Instant windowStart,
        Instant windowEnd,
        String resource,
        Attribution attribution,
        long quantity,
        String unit,
        String priceVersion,
        long debitMicros,
        String correctionOf) {

    /**
     * The part of a workspace that used the resource, from the labels of the objects that used it.
     *
     * @param kind {@code app} (an app store instance), {@code terminal}, {@code cluster}, {@code partner} or
     *     {@code other}
     * @param name the instance, terminal, cluster or partner client name; {@code null} for {@code other}
     */
    public record Attribution(String kind, String name) {}

    /** A realistic instance (5 minutes of a 2-core app), used by docs and the conformance test. */
    public static ChargeCreatedV1 example() {
        return new ChargeCreatedV1(
                "ch-3q1x9c7k2m-20261203T1100-cpu-app-wordpress",
                "3q1x9c7k2m",
                Instant.parse("2026-12-03T11:00:00Z"),
                Instant.parse("2026-12-03T11:05:00Z"),
                "cpu",
                new Attribution("app", "wordpress"),
                10_000L,
                "millicore-minute",
                "pv-cpu-2026-12-01",
                1_670L,
                null);
    }
}
