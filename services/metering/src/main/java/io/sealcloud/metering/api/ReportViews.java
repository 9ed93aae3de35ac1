package io.sealcloud.metering.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sealcloud.metering.domain.Attribution;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Response bodies of the cost reports. */
public final class ReportViews {

    private ReportViews() {}

    /** An attribution as reports show it: {@code name} absent for {@code other}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttributionView(String kind, String name) {
        static AttributionView of(Attribution a) {
            return a == null ? null : new AttributionView(a.kind(), a.nameOrNull());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UsageItem(String day, AttributionView attribution, String resource, long quantity, String unit) {}

    /** Usage per group; usage has no total across resources (units differ), so totals are per resource. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UsageReport(
            String workspaceId,
            Instant from,
            Instant to,
            String groupBy,
            List<UsageItem> items,
            Map<String, Long> totalsByResource,
            String nextPageToken) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CostItem(String day, AttributionView attribution, String resource, long amountMicros, long charges) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CostReport(
            String workspaceId,
            Instant from,
            Instant to,
            String groupBy,
            List<CostItem> items,
            long totalMicros,
            String nextPageToken) {}

    /** One object in the live inventory. */
    public record LiveItem(
            String kind,
            String namespace,
            String name,
            AttributionView attribution,
            Map<String, Long> allocations,
            Map<String, Long> hourlyMicrosByResource,
            long hourlyMicros) {}

    /**
     * What the workspace pays for now. While it is {@code suspended} (reasons: {@code debt}, {@code ops}) nothing in
     * it is charged, so every hourly cost is 0; the objects are still listed (storage and ports remain).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LiveReport(
            String workspaceId,
            Instant at,
            boolean suspended,
            List<String> suspensionReasons,
            List<LiveItem> items,
            long totalHourlyMicros,
            String nextPageToken) {}
}
