package io.sealcloud.metering.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealcloud.contracts.metering.ChargeCreatedV1;
import io.sealcloud.contracts.metering.UsageRecordedV1;
import io.sealcloud.metering.domain.Attribution;
import io.sealcloud.metering.domain.PriceVersion;
import io.sealcloud.metering.repository.UsageRepository.WindowUsage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageEventsTest {

    static final Instant START = Instant.parse("2026-12-03T11:00:00Z");
    static final Instant END = Instant.parse("2026-12-03T11:05:00Z");

    static PriceVersion price(String resource, String unit) {
        return new PriceVersion("pv-" + resource, resource, unit, 1, 1, START, START, "ops", null);
    }

    @Test
    void oneEventPerWorkspaceWithItemsSortedAndRoundedAndUnpricedUsageMarked() {
        List<WindowUsage> rows = List.of(
                new WindowUsage("ws-b", "storage", new Attribution("app", "blog"), 61_440, 60),
                new WindowUsage("ws-a", "memory", new Attribution("other", ""), 30_030, 60),
                new WindowUsage("ws-a", "cpu", new Attribution("terminal", "alice"), 15_000, 60),
                new WindowUsage("ws-a", "cpu", new Attribution("app", "wiki"), 29, 60),
                new WindowUsage("ws-a", "partner:acme/api-calls", new Attribution("partner", "acme"), 42, 1));
        Map<String, PriceVersion> prices =
                Map.of("cpu", price("cpu", "millicore-minute"), "storage", price("storage", "MiB-minute"));

        List<UsageRecordedV1> events = UsageEvents.of(START, END, rows, prices);

        assertThat(events).extracting(UsageRecordedV1::workspaceId).containsExactly("ws-a", "ws-b");
        UsageRecordedV1 a = events.get(0);
        assertThat(a.usageId()).isEqualTo("us-ws-a-20261203T110000");
        assertThat(a.windowStart()).isEqualTo(START);
        assertThat(a.windowEnd()).isEqualTo(END);
        assertThat(a.items())
                .containsExactly(
                        // 29/60 millicore-minutes rounds to 0: left out, as it is charged nothing either.
                        new UsageRecordedV1.Item(
                                "cpu",
                                new ChargeCreatedV1.Attribution("terminal", "alice"),
                                250,
                                "millicore-minute",
                                true),
                        // No price in force: recorded in the resource's own unit, marked unpriced.
                        new UsageRecordedV1.Item(
                                "memory", new ChargeCreatedV1.Attribution("other", null), 501, "MiB-minute", false),
                        new UsageRecordedV1.Item(
                                "partner:acme/api-calls",
                                new ChargeCreatedV1.Attribution("partner", "acme"),
                                42,
                                "unit",
                                false));
        assertThat(events.get(1).items())
                .containsExactly(new UsageRecordedV1.Item(
                        "storage", new ChargeCreatedV1.Attribution("app", "blog"), 1024, "MiB-minute", true));
    }

    @Test
    void aWorkspaceWhoseUsageAllRoundsToZeroGetsNoEvent() {
        List<WindowUsage> rows = List.of(new WindowUsage("ws-a", "cpu", new Attribution("other", ""), 10, 60));
        assertThat(UsageEvents.of(START, END, rows, Map.of())).isEmpty();
    }
}
