package io.sealcloud.metering.service;

import io.sealcloud.contracts.metering.ChargeCreatedV1;
import io.sealcloud.contracts.metering.MeteringEvents;
import io.sealcloud.contracts.metering.UsageRecordedV1;
import io.sealcloud.metering.domain.ChargeIds;
import io.sealcloud.metering.domain.MeteredResources;
import io.sealcloud.metering.domain.Money;
import io.sealcloud.metering.domain.PriceVersion;
import io.sealcloud.metering.repository.UsageRepository.WindowUsage;
import io.sealcloud.platform.outbox.Outbox;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps a settled window's usage to one {@code usage.recorded.v1} per workspace and appends them to the outbox, in the
 * settling transaction (so each window's usage is published exactly once, like its charges).
 */
@ApplicationScoped
public class UsageEvents {

    private final Outbox outbox;

    public UsageEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Appends the window's events; returns how many. */
    public Uni<Integer> recorded(
            Instant windowStart, Instant windowEnd, List<WindowUsage> rows, Map<String, PriceVersion> priceOf) {
        List<UsageRecordedV1> events = of(windowStart, windowEnd, rows, priceOf);
        return Multi.createFrom()
                .iterable(events)
                .onItem()
                .transformToUniAndConcatenate(
                        e -> outbox.append(MeteringEvents.USAGE_RECORDED, e.workspaceId(), e.usageId(), e))
                .collect()
                .last()
                .map(ignored -> events.size());
    }

    /**
     * One event per workspace with a usage above zero (a usage that rounds to zero units is left out, as it gets no
     * charge either); items sorted by resource, then attribution. Pure.
     */
    static List<UsageRecordedV1> of(
            Instant windowStart, Instant windowEnd, List<WindowUsage> rows, Map<String, PriceVersion> priceOf) {
        Map<String, List<WindowUsage>> byWorkspace = new TreeMap<>();
        for (WindowUsage row : rows) {
            byWorkspace
                    .computeIfAbsent(row.workspaceId(), k -> new ArrayList<>())
                    .add(row);
        }
        List<UsageRecordedV1> events = new ArrayList<>();
        byWorkspace.forEach((workspaceId, usages) -> {
            List<UsageRecordedV1.Item> items = usages.stream()
                    .sorted(Comparator.comparing(WindowUsage::resource).thenComparing(WindowUsage::attribution))
                    .map(u -> item(u, priceOf.get(u.resource())))
                    .filter(item -> item.quantity() > 0)
                    .toList();
            if (!items.isEmpty()) {
                events.add(new UsageRecordedV1(
                        ChargeIds.usage(workspaceId, windowStart), workspaceId, windowStart, windowEnd, items));
            }
        });
        return events;
    }

    private static UsageRecordedV1.Item item(WindowUsage usage, PriceVersion price) {
        String unit = price != null
                ? price.unit()
                : MeteredResources.sampledUnit(usage.resource()).orElse("unit");
        return new UsageRecordedV1.Item(
                usage.resource(),
                new ChargeCreatedV1.Attribution(
                        usage.attribution().kind(), usage.attribution().nameOrNull()),
                Money.quantity(usage.numerator(), usage.denominator()),
                unit,
                price != null);
    }
}
