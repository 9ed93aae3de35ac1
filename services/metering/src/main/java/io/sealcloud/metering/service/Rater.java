package io.sealcloud.metering.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.sealcloud.metering.config.MeteringConfig;
import io.sealcloud.metering.domain.ChargeIds;
import io.sealcloud.metering.domain.Money;
import io.sealcloud.metering.domain.PriceVersion;
import io.sealcloud.metering.domain.Windows;
import io.sealcloud.metering.repository.ChargeRepository;
import io.sealcloud.metering.repository.ChargeRepository.Charge;
import io.sealcloud.metering.repository.ChargeRepository.Failure;
import io.sealcloud.metering.repository.ChargeRepository.WorkspaceFailure;
import io.sealcloud.metering.repository.PriceRepository;
import io.sealcloud.metering.repository.UsageRepository;
import io.sealcloud.metering.repository.UsageRepository.WindowSum;
import io.sealcloud.metering.repository.UsageRepository.WindowUsage;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Settles rating windows: for each closed window (its end plus the grace has passed) in order, in one transaction,
 * the window is claimed (a row keyed by its start: a window is settled once, however many replicas or restarts), its
 * usage is priced with the versions in force at the window's start, and each (workspace, resource, attribution)
 * becomes a charge with a deterministic id, written with its {@code charge.created} outbox row; each workspace's usage
 * of the window is published once as {@code usage.recorded}, priced or not. Windows missed while
 * the service was down are settled one by one on the next run — each exactly once.
 *
 * <p>Every workspace is rated on its own, with checked arithmetic: a workspace whose usage cannot be rated (a sum or an
 * amount past the range of a long) is set aside in {@code rating_workspace_failures} (listed for ops) with none of its
 * charges or usage of the window, and the window settles for every other workspace. Nothing one tenant (or a partner
 * billing it) sends can stop the window, and so every later window, for the others.
 */
@ApplicationScoped
public class Rater {

    private static final Logger LOG = Logger.getLogger(Rater.class);

    /** Charges per INSERT statement (16 parameters each: 8 000 of PostgreSQL's 65 535). */
    static final int INSERT_BATCH = 500;

    /** What one settlement did; {@code debitMicros} saturates at {@link Long#MAX_VALUE} (it is only reported). */
    public record Settlement(
            Instant windowStart, boolean settled, int charges, int failures, long debitMicros, int workspaceFailures) {

        Settlement(Instant windowStart, boolean settled, int charges, int failures, long debitMicros) {
            this(windowStart, settled, charges, failures, debitMicros, 0);
        }
    }

    /** One workspace's window, rated: its charges, its unpriced usages, and its usage rows (for usage.recorded). */
    record WorkspaceRating(List<Charge> charges, List<Failure> failures, List<WindowUsage> usages) {}

    private final UsageRepository usage;
    private final PriceRepository prices;
    private final ChargeRepository charges;
    private final ChargeEvents events;
    private final UsageEvents usageEvents;
    private final Clock clock;
    private final Duration window;
    private final Duration grace;
    private final int maxWindowsPerRun;
    private final Timer lag;
    private final Counter chargesCreated;
    private final Counter failuresCounter;
    private final Counter workspaceFailuresCounter;
    private final AtomicLong windowsBehind = new AtomicLong();

    public Rater(
            UsageRepository usage,
            PriceRepository prices,
            ChargeRepository charges,
            ChargeEvents events,
            UsageEvents usageEvents,
            Clock clock,
            MeteringConfig config,
            MeterRegistry registry) {
        this.usage = usage;
        this.prices = prices;
        this.charges = charges;
        this.events = events;
        this.usageEvents = usageEvents;
        this.clock = clock;
        this.window = config.rating().window();
        this.grace = config.rating().grace();
        this.maxWindowsPerRun = config.rating().maxWindowsPerRun();
        this.lag = Timer.builder("sealcloud.metering.rating.lag")
                .description("From the end of a rating window to the commit of its charges (usage → charge)")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .register(registry);
        this.chargesCreated = Counter.builder("sealcloud.metering.charges.created")
                .description("Charges written (originals and corrections), each with its charge.created outbox row")
                .register(registry);
        this.failuresCounter = Counter.builder("sealcloud.metering.rating.failures")
                .description("Usages a window could not price (no price version in force)")
                .register(registry);
        this.workspaceFailuresCounter = Counter.builder("sealcloud.metering.rating.workspace.failures")
                .description("Workspace-windows set aside unrated (a sum or amount out of range); listed for ops")
                .register(registry);
        Gauge.builder("sealcloud.metering.rating.windows.behind", windowsBehind, AtomicLong::get)
                .description("Closed windows not yet settled at the end of the last rater run")
                .register(registry);
    }

    public Duration window() {
        return window;
    }

    /**
     * Settles every closed window not settled yet, oldest first, up to the per-run limit. Blocking: call it from a
     * worker thread (the rating timer, a test), never from an event loop.
     */
    public int settleDue() {
        int settled = 0;
        while (settled < maxWindowsPerRun) {
            Instant now = clock.instant();
            Instant next = await(() -> Panache.withSession(this::nextWindow));
            if (next == null || next.plus(window).plus(grace).isAfter(now)) {
                windowsBehind.set(0);
                return settled;
            }
            Instant start = next;
            await(() -> settle(start));
            settled++;
        }
        Instant next = await(() -> Panache.withSession(this::nextWindow));
        long behind = next == null
                ? 0
                : Math.max(
                        0, Duration.between(next, clock.instant().minus(grace)).toMillis() / window.toMillis());
        windowsBehind.set(behind);
        return settled;
    }

    /** The window after the last settled one, or the window of the earliest usage when none is settled yet. */
    Uni<Instant> nextWindow() {
        return charges.lastSettledWindow()
                .chain(last -> last != null
                        ? Uni.createFrom().item(last.plus(window))
                        : usage.earliestUsage().map(first -> first == null ? null : Windows.floor(first, window)));
    }

    /** Settles one window in one transaction (a no-op when it was settled already). */
    public Uni<Settlement> settle(Instant windowStart) {
        Instant windowEnd = windowStart.plus(window);
        return Panache.withTransaction(() -> {
                    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                    return charges.lockExclusive()
                            .chain(() -> charges.claimWindow(windowStart, windowEnd, now))
                            .chain(claimed -> claimed
                                    ? rate(windowStart, windowEnd, now)
                                    : Uni.createFrom().item(new Settlement(windowStart, false, 0, 0, 0)));
                })
                .invoke(s -> {
                    if (s.settled()) {
                        lag.record(Duration.between(windowEnd, clock.instant()));
                        chargesCreated.increment(s.charges());
                        failuresCounter.increment(s.failures());
                        workspaceFailuresCounter.increment(s.workspaceFailures());
                        LOG.debugf(
                                "Settled window %s: %d charges, %d failures, %d µ",
                                windowStart, s.charges(), s.failures(), s.debitMicros());
                    }
                });
    }

    private Uni<Settlement> rate(Instant windowStart, Instant windowEnd, Instant now) {
        return prices.effectiveAt(windowStart)
                .chain(priceOf -> usage.usageIn(windowStart, windowEnd).chain(sums -> {
                    List<Failure> failures = new ArrayList<>();
                    List<Charge> originals = new ArrayList<>();
                    List<WindowUsage> rated = new ArrayList<>();
                    List<WorkspaceFailure> setAside = new ArrayList<>();
                    byWorkspace(sums).forEach((workspaceId, rows) -> {
                        try {
                            WorkspaceRating r = rateWorkspace(rows, windowStart, windowEnd, priceOf, now);
                            originals.addAll(r.charges());
                            failures.addAll(r.failures());
                            rated.addAll(r.usages());
                        } catch (RuntimeException e) {
                            String reason = "Usage of workspace " + workspaceId + " in window [" + windowStart + ", "
                                    + windowEnd + ") cannot be rated: " + e.getMessage();
                            LOG.errorf("%s; set aside, the window settles for every other workspace", reason);
                            setAside.add(new WorkspaceFailure(workspaceId, windowStart, windowEnd, reason, now));
                        }
                    });
                    return Multi.createFrom()
                            .iterable(failures)
                            .onItem()
                            .transformToUniAndConcatenate(charges::insertFailure)
                            .collect()
                            .last()
                            .chain(() -> Multi.createFrom()
                                    .iterable(setAside)
                                    .onItem()
                                    .transformToUniAndConcatenate(charges::insertWorkspaceFailure)
                                    .collect()
                                    .last())
                            .chain(() -> writeCharges(originals))
                            .call(() -> usageEvents.recorded(windowStart, windowEnd, rated, priceOf))
                            .chain(written -> charges.recordWindowCounts(windowStart, written.size(), failures.size())
                                    .map(ignored -> new Settlement(
                                            windowStart,
                                            true,
                                            written.size(),
                                            failures.size(),
                                            saturatedSum(written),
                                            setAside.size())));
                }));
    }

    /** The window's sums per workspace, in the database's (sorted) order. */
    static Map<String, List<WindowSum>> byWorkspace(List<WindowSum> sums) {
        Map<String, List<WindowSum>> byWorkspace = new LinkedHashMap<>();
        for (WindowSum sum : sums) {
            byWorkspace
                    .computeIfAbsent(sum.workspaceId(), k -> new ArrayList<>())
                    .add(sum);
        }
        return byWorkspace;
    }

    /**
     * Rates one workspace's window with checked arithmetic: each sum must fit a long, each amount too
     * ({@link Money}'s exact rounding ends in a range check), and so must the workspace's total for the window (what
     * accounts adds up). Throws {@link ArithmeticException} naming the usage when any does not; pure.
     */
    static WorkspaceRating rateWorkspace(
            List<WindowSum> rows,
            Instant windowStart,
            Instant windowEnd,
            Map<String, PriceVersion> priceOf,
            Instant now) {
        List<Failure> failures = new ArrayList<>();
        List<Charge> charges = new ArrayList<>();
        List<WindowUsage> usages = new ArrayList<>();
        long total = 0;
        for (WindowSum sum : rows) {
            String what = sum.resource() + " (" + sum.attribution().kind()
                    + (sum.attribution().name().isEmpty()
                            ? ""
                            : "/" + sum.attribution().name()) + ")";
            try {
                WindowUsage row = sum.exact();
                Money.quantity(row.numerator(), row.denominator()); // usage.recorded shows it: it must fit too
                usages.add(row);
                PriceVersion price = priceOf.get(row.resource());
                if (price == null) {
                    failures.add(new Failure(
                            row.workspaceId(),
                            windowStart,
                            windowEnd,
                            row.resource(),
                            row.attribution(),
                            row.numerator(),
                            row.denominator(),
                            "No price version of " + row.resource() + " is in force at " + windowStart,
                            now,
                            null));
                    continue;
                }
                Charge charge = original(row, windowStart, windowEnd, price, now);
                if (charge.quantity() != 0 || charge.debitMicros() != 0) {
                    charges.add(charge); // nothing measurable: no charge, no event
                    total = Math.addExact(total, charge.debitMicros());
                }
            } catch (ArithmeticException e) {
                throw new ArithmeticException("the usage of " + what + " (" + sum.numerator() + "/" + sum.denominator()
                        + " units) or its amount is out of the range of a 64-bit integer");
            }
        }
        return new WorkspaceRating(charges, failures, usages);
    }

    private static long saturatedSum(List<Charge> charges) {
        BigInteger sum = BigInteger.ZERO;
        for (Charge c : charges) {
            sum = sum.add(BigInteger.valueOf(c.debitMicros()));
        }
        return sum.min(BigInteger.valueOf(Long.MAX_VALUE))
                .max(BigInteger.valueOf(Long.MIN_VALUE))
                .longValue();
    }

    /**
     * Inserts the charges in multi-row batches and appends a {@code charge.created} for each one inserted (same
     * transaction); returns those. An id that exists already (never, for a freshly claimed window) gets no event.
     */
    Uni<List<Charge>> writeCharges(List<Charge> all) {
        List<Charge> written = new ArrayList<>();
        List<List<Charge>> batches = new ArrayList<>();
        for (int i = 0; i < all.size(); i += INSERT_BATCH) {
            batches.add(all.subList(i, Math.min(all.size(), i + INSERT_BATCH)));
        }
        return Multi.createFrom()
                .iterable(batches)
                .onItem()
                .transformToUniAndConcatenate(batch -> charges.insertAll(batch).chain(inserted -> {
                    List<Charge> fresh = batch.stream()
                            .filter(c -> inserted.contains(c.id()))
                            .toList();
                    written.addAll(fresh);
                    return Multi.createFrom()
                            .iterable(fresh)
                            .onItem()
                            .transformToUniAndConcatenate(events::created)
                            .collect()
                            .last();
                }))
                .collect()
                .last()
                .map(ignored -> written);
    }

    static Charge original(WindowUsage row, Instant windowStart, Instant windowEnd, PriceVersion price, Instant now) {
        return new Charge(
                ChargeIds.of(row.workspaceId(), windowStart, row.resource(), row.attribution()),
                row.workspaceId(),
                windowStart,
                windowEnd,
                row.resource(),
                row.attribution(),
                Money.quantity(row.numerator(), row.denominator()),
                price.unit(),
                row.numerator(),
                row.denominator(),
                price.id(),
                price.debitMicros(row.numerator(), row.denominator()),
                null,
                null,
                now);
    }

    /** Inserts a charge and, only if it is new, its event (same transaction). */
    Uni<Boolean> writeCharge(Charge charge) {
        return charges.insert(charge)
                .call(inserted ->
                        inserted ? events.created(charge) : Uni.createFrom().voidItem());
    }

    /** The price versions in force at a time (for reports and the live inventory). */
    public Uni<Map<String, PriceVersion>> pricesAt(Instant at) {
        return Panache.withSession(() -> prices.effectiveAt(at));
    }

    private static <T> T await(java.util.function.Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable t) {
            if (t instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(t);
        }
    }
}
