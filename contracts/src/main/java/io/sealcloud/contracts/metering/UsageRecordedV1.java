package io.sealcloud.contracts.metering;

import java.time.Instant;
import java.util.List;

/**
 * What one workspace used during one settled rating window, per resource and attribution, whether or not a price
 * applied; once per workspace and window. Nobody debits from it: the window's charges are {@link ChargeCreatedV1}s.
 *
 * @param usageId deterministic id of (workspace, window)
 * @param workspaceId the workspace (also the Kafka key)
 * @param windowStart start of the rating window, inclusive
 * @param windowEnd end of the rating window, exclusive
 * @param items one per (resource, attribution) used in the window, sorted by resource, then attribution
 */
public record UsageRecordedV1(
        String usageId, String workspaceId, Instant windowStart, Instant windowEnd, List<Item> items) {

    /**
     * The usage of one resource by one part of the workspace.
     *
     * @param resource {@code cpu}, {@code memory}, {@code storage}, {@code nodeport}, {@code loadbalancer},
     *     {@code gpu:<resource name>} or {@code partner:<client>/<meter>}
     * @param attribution who in the workspace used it
     * @param quantity usage in {@code unit}s over the window, rounded half up (at least 1)
     * @param unit the unit of {@code quantity}
     * @param priced whether a price version was in force (false: recorded, not charged)
     */
    public record Item(
            String resource, ChargeCreatedV1.Attribution attribution, long quantity, String unit, boolean priced) {}

    /** A realistic instance (an app and a hand-made workload over 5 minutes), used by docs and the conformance test. */
    public static UsageRecordedV1 example() {
        return new UsageRecordedV1(
                "us-3q1x9c7k2m-20261203T1100",
                "3q1x9c7k2m",
                Instant.parse("2026-12-03T11:00:00Z"),
                Instant.parse("2026-12-03T11:05:00Z"),
                List.of(
                        new Item(
                                "cpu",
                                new ChargeCreatedV1.Attribution("app", "wordpress"),
                                10_000L,
                                "millicore-minute",
                                true),
                        new Item("cpu", new ChargeCreatedV1.Attribution("other", null), 250L, "millicore-minute", true),
                        new Item(
                                "storage",
                                new ChargeCreatedV1.Attribution("app", "wordpress"),
                                51_200L,
                                "MiB-minute",
                                true)));
    }
}
