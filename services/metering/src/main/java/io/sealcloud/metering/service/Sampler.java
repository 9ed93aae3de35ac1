package io.sealcloud.metering.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.metering.config.MeteringConfig;
import io.sealcloud.metering.domain.Attribution;
import io.sealcloud.metering.domain.InventoryItem;
import io.sealcloud.metering.domain.Windows;
import io.sealcloud.metering.operator.LiveInventory;
import io.sealcloud.metering.repository.ChargeRepository;
import io.sealcloud.metering.repository.UsageRepository;
import io.sealcloud.metering.repository.UsageRepository.Sample;
import io.sealcloud.metering.repository.WorkspaceFactsRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Records one sample of the live inventory per sampling interval: per workspace, resource and attribution, the sum of
 * what its objects hold. Deleted and suspended workspaces (debt or ops) are skipped: they cost nothing, storage and
 * ports included. So is an inventory whose informers have not synced yet (a partial inventory would under-charge). Sample times are aligned to the
 * interval, and the table's key makes each (workspace, time, resource, attribution) count once.
 */
@ApplicationScoped
public class Sampler {

    private static final Logger LOG = Logger.getLogger(Sampler.class);

    /** What one sampling did. */
    public record Result(Instant sampledAt, int rows, String skipped) {}

    private final LiveInventory inventory;
    private final WorkspaceFactsRepository projection;
    private final UsageRepository usage;
    private final ChargeRepository charges;
    private final Clock clock;
    private final Duration interval;
    private final Duration window;
    private final Counter recorded;

    public Sampler(
            LiveInventory inventory,
            WorkspaceFactsRepository projection,
            UsageRepository usage,
            ChargeRepository charges,
            Clock clock,
            MeteringConfig config,
            MeterRegistry registry) {
        this.inventory = inventory;
        this.projection = projection;
        this.usage = usage;
        this.charges = charges;
        this.clock = clock;
        this.interval = config.sampling().interval();
        this.window = config.rating().window();
        Windows.requireAligned("sealcloud.metering.sampling.interval", interval);
        Windows.requireAligned("sealcloud.metering.rating.window", window);
        if (window.toMillis() % interval.toMillis() != 0) {
            throw new IllegalArgumentException("The rating window must be a whole multiple of the sampling interval");
        }
        this.recorded = Counter.builder("sealcloud.metering.samples.recorded")
                .description("Usage sample rows recorded (workspace × resource × attribution per sample time)")
                .register(registry);
    }

    /** Samples now (the interval containing the clock's time). */
    public Uni<Result> sampleNow() {
        return sample(Windows.floor(clock.instant(), interval));
    }

    /** Samples the inventory as of the aligned time {@code at}. */
    public Uni<Result> sample(Instant at) {
        if (!inventory.isSynced()) {
            LOG.warnf("Sample %s skipped: the inventory informers have not synced yet", at);
            return Uni.createFrom().item(new Result(at, 0, "inventory-not-synced"));
        }
        List<InventoryItem> items = inventory.snapshot();
        Instant windowStart = Windows.floor(at, window);
        return Panache.withTransaction(() -> charges.lockShared()
                        .chain(() -> charges.isClosed(windowStart))
                        .chain(closed -> {
                            if (closed) {
                                LOG.warnf("Sample %s dropped: its window %s is settled already", at, windowStart);
                                return Uni.createFrom().item(new Result(at, 0, "window-settled"));
                            }
                            return projection.notBillable(at).chain(excluded -> {
                                List<Sample> rows = aggregate(items, excluded);
                                return usage.insertSamples(at, (int) interval.toSeconds(), rows)
                                        .map(n -> new Result(at, n, null));
                            });
                        }))
                .invoke(result -> recorded.increment(result.rows()));
    }

    /** Sums the inventory per (workspace, resource, attribution), leaving out workspaces that cost nothing. */
    public static List<Sample> aggregate(List<InventoryItem> items, Set<String> excluded) {
        Map<String, Map<String, Map<Attribution, Long>>> sums = new TreeMap<>();
        for (InventoryItem item : items) {
            if (excluded.contains(item.workspaceId())) {
                continue;
            }
            item.allocations()
                    .forEach((resource, amount) -> sums.computeIfAbsent(item.workspaceId(), k -> new TreeMap<>())
                            .computeIfAbsent(resource, k -> new TreeMap<>())
                            .merge(item.attribution(), amount, Long::sum));
        }
        List<Sample> rows = new ArrayList<>();
        sums.forEach((workspace, byResource) -> byResource.forEach((resource, byAttribution) -> byAttribution.forEach(
                (attribution, amount) -> rows.add(new Sample(workspace, resource, attribution, amount)))));
        return rows;
    }
}
