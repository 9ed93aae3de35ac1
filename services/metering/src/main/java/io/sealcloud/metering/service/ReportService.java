package io.sealcloud.metering.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.metering.domain.Attribution;
import io.sealcloud.metering.domain.InventoryItem;
import io.sealcloud.metering.domain.MeteredResources;
import io.sealcloud.metering.domain.Money;
import io.sealcloud.metering.domain.PriceVersion;
import io.sealcloud.metering.operator.LiveInventory;
import io.sealcloud.metering.repository.PriceRepository;
import io.sealcloud.metering.repository.ReportRepository;
import io.sealcloud.metering.repository.ReportRepository.GroupBy;
import io.sealcloud.metering.repository.WorkspaceFactsRepository;
import io.sealcloud.platform.problem.ProblemException;
import io.sealcloud.platform.tenancy.TenancyProjection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Usage and cost reports of one workspace, and what it is paying for right now. Every call checks first that the
 * caller is a member of the workspace (the projection of accounts' memberships) or an operator; anyone else gets the
 * same 404 as for a workspace that does not exist.
 */
@ApplicationScoped
public class ReportService {

    /** One usage line: usage in {@code unit}s, rounded half up (the exact fraction stays in the database). */
    public record UsageLine(String day, Attribution attribution, String resource, long quantity, String unit) {}

    /** One cost line: what the charges (and corrections) of the group add up to. */
    public record CostLine(String day, Attribution attribution, String resource, long amountMicros, long charges) {}

    /** One object that costs money now, priced per hour with the versions in force. */
    public record LiveLine(InventoryItem item, Map<String, Long> hourlyMicrosByResource, long hourlyMicros) {}

    /** The live inventory of a workspace; a suspended one's lines cost 0 and {@code suspensionReasons} says why. */
    public record Live(boolean suspended, List<String> suspensionReasons, List<LiveLine> lines) {}

    private final WorkspaceFactsRepository projection;
    private final TenancyProjection tenancy;
    private final ReportRepository reports;
    private final PriceRepository prices;
    private final LiveInventory inventory;
    private final Clock clock;

    public ReportService(
            WorkspaceFactsRepository projection,
            TenancyProjection tenancy,
            ReportRepository reports,
            PriceRepository prices,
            LiveInventory inventory,
            Clock clock) {
        this.projection = projection;
        this.tenancy = tenancy;
        this.reports = reports;
        this.prices = prices;
        this.inventory = inventory;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Fails with 404 unless the caller may read the workspace. */
    public Uni<Void> authorize(String workspaceId, String userId, boolean operator) {
        if (operator) {
            return projection
                    .find(workspaceId)
                    .invoke(found -> {
                        if (found.isEmpty()) {
                            throw ProblemException.notFound("Workspace", workspaceId);
                        }
                    })
                    .replaceWithVoid();
        }
        return tenancy.membership(workspaceId, userId)
                .invoke(member -> {
                    if (member.isEmpty()) {
                        throw ProblemException.notFound("Workspace", workspaceId);
                    }
                })
                .replaceWithVoid();
    }

    public Uni<List<UsageLine>> usage(
            String workspaceId, String userId, boolean operator, Instant from, Instant to, GroupBy groupBy) {
        return Panache.withSession(() -> authorize(workspaceId, userId, operator)
                .chain(() -> reports.partnerUnits())
                .chain(units -> reports.usage(workspaceId, from, to, groupBy)
                        .map(rows -> rows.stream()
                                .map(r -> new UsageLine(
                                        r.day(),
                                        r.attributionKind() == null
                                                ? null
                                                : new Attribution(r.attributionKind(), r.attributionName()),
                                        r.resource(),
                                        Money.quantity(r.numerator(), r.denominator()),
                                        MeteredResources.sampledUnit(r.resource())
                                                .orElse(units.getOrDefault(r.resource(), "unit"))))
                                .toList())));
    }

    public Uni<List<CostLine>> costs(
            String workspaceId, String userId, boolean operator, Instant from, Instant to, GroupBy groupBy) {
        return Panache.withSession(() -> authorize(workspaceId, userId, operator)
                .chain(() -> reports.costs(workspaceId, from, to, groupBy))
                .map(rows -> rows.stream()
                        .map(r -> new CostLine(
                                r.day(),
                                r.attributionKind() == null
                                        ? null
                                        : new Attribution(r.attributionKind(), r.attributionName()),
                                r.resource(),
                                r.numerator(),
                                r.charges()))
                        .toList()));
    }

    /**
     * The live inventory with its hourly cost. A suspended or deleted workspace's objects are listed with cost 0: they
     * are not charged (pods should be scaled to zero soon; storage and ports stay, free, while it is suspended).
     */
    public Uni<Live> live(String workspaceId, String userId, boolean operator) {
        Instant now = clock.instant();
        return Panache.withSession(() -> authorize(workspaceId, userId, operator)
                .chain(() -> projection.find(workspaceId))
                .chain(facts -> prices.effectiveAt(now).map(priceOf -> {
                    boolean billable =
                            facts.map(f -> !f.deleted() && !f.suspended()).orElse(true);
                    List<LiveLine> lines = new ArrayList<>();
                    for (InventoryItem item : inventory.snapshot(workspaceId)) {
                        Map<String, Long> hourly = new LinkedHashMap<>();
                        long total = 0;
                        for (Map.Entry<String, Long> held : item.allocations().entrySet()) {
                            PriceVersion price = priceOf.get(held.getKey());
                            // Allocation held for 3600 s, in unit-minutes: × 3600 / 60.
                            long cost = !billable || price == null
                                    ? 0
                                    : Money.hourlyMicros(held.getValue(), 60, price.priceMicros(), price.perQuantity());
                            hourly.put(held.getKey(), cost);
                            total += cost;
                        }
                        lines.add(new LiveLine(item, hourly, total));
                    }
                    boolean suspended = facts.map(WorkspaceFactsRepository.WorkspaceFacts::suspended)
                            .orElse(false);
                    return new Live(
                            suspended,
                            facts.map(WorkspaceFactsRepository.WorkspaceFacts::suspensionReasons)
                                    .orElse(List.of()),
                            lines);
                })));
    }
}
