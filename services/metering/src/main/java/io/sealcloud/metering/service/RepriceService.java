package io.sealcloud.metering.service;

import io.sealcloud.metering.domain.ChargeIds;
import io.sealcloud.metering.domain.Money;
import io.sealcloud.metering.domain.PriceVersion;
import io.sealcloud.metering.domain.Windows;
import io.sealcloud.metering.repository.ChargeRepository;
import io.sealcloud.metering.repository.ChargeRepository.Charge;
import io.sealcloud.metering.repository.ChargeRepository.Failure;
import io.sealcloud.metering.repository.ChargeRepository.Settled;
import io.sealcloud.metering.repository.PriceRepository;
import io.sealcloud.platform.problem.Problem;
import io.sealcloud.platform.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Reprices settled windows of one resource with a named price version. Never edits a charge: for each original whose
 * amount (plus earlier corrections) differs from the new price, it adds a correction charge ({@code correctionOf} =
 * the original, {@code debitMicros} = the difference, possibly negative), published like any charge. Usage that could
 * not be priced when its window settled (a rating failure) gets its original charge now. Runs under the rater's lock.
 */
@ApplicationScoped
public class RepriceService {

    private static final Logger LOG = Logger.getLogger(RepriceService.class);

    /** What a reprice did. */
    public record Result(
            String id,
            String resource,
            String priceVersion,
            Instant from,
            Instant to,
            String workspaceId,
            int corrections,
            int settled,
            long deltaMicros) {}

    private final ChargeRepository charges;
    private final PriceRepository prices;
    private final Rater rater;
    private final Clock clock;

    public RepriceService(ChargeRepository charges, PriceRepository prices, Rater rater, Clock clock) {
        this.charges = charges;
        this.prices = prices;
        this.rater = rater;
        this.clock = clock;
    }

    /** In a transaction of its own, or the caller's (the Idempotency-Key helper's). */
    public Uni<Result> reprice(
            String resource, String priceVersionId, Instant from, Instant to, String workspaceId, String requestedBy) {
        if (!Windows.floor(from, rater.window()).equals(from)
                || !Windows.floor(to, rater.window()).equals(to)
                || !from.isBefore(to)) {
            return Uni.createFrom()
                    .failure(ProblemException.badRequest(
                            "The range must be whole rating windows.",
                            List.of(Problem.Violation.atPointer(
                                    "/from",
                                    "from and to must be window boundaries (" + rater.window() + ") with from < to"))));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String id = "rp-" + UUID.randomUUID();
        AtomicInteger corrections = new AtomicInteger();
        AtomicInteger settled = new AtomicInteger();
        AtomicLong delta = new AtomicLong();
        return io.quarkus.hibernate.reactive.panache.Panache.withTransaction(() -> charges.lockExclusive()
                        .chain(() -> prices.find(priceVersionId))
                        .chain(found -> {
                            if (found.isEmpty() || !found.get().resource().equals(resource)) {
                                return Uni.createFrom()
                                        .failure(ProblemException.unprocessable(
                                                "unknown-price-version",
                                                "Price version '" + priceVersionId + "' does not exist for " + resource
                                                        + "."));
                            }
                            return charges.lastSettledWindow().chain(last -> {
                                if (last == null || to.isAfter(last.plus(rater.window()))) {
                                    return Uni.createFrom()
                                            .failure(ProblemException.unprocessable(
                                                    "window-not-settled",
                                                    "Only settled windows can be repriced; the last settled window ends at "
                                                            + (last == null ? "(none)" : last.plus(rater.window()))
                                                            + "."));
                                }
                                return Uni.createFrom().item(found.get());
                            });
                        })
                        .chain(version -> charges.originals(resource, from, to, workspaceId)
                                .chain(originals -> Multi.createFrom()
                                        .iterable(originals)
                                        .onItem()
                                        .transformToUniAndConcatenate(s -> correct(s, version, id, now)
                                                .invoke(d -> {
                                                    if (d != 0) {
                                                        corrections.incrementAndGet();
                                                        delta.set(Math.addExact(delta.get(), d));
                                                    }
                                                }))
                                        .collect()
                                        .last())
                                .chain(() -> charges.unresolvedFailures(resource, from, to, workspaceId))
                                .chain(failures -> Multi.createFrom()
                                        .iterable(failures)
                                        .onItem()
                                        .transformToUniAndConcatenate(f -> settle(f, version, id, now)
                                                .invoke(d -> {
                                                    settled.incrementAndGet();
                                                    delta.set(Math.addExact(delta.get(), d));
                                                }))
                                        .collect()
                                        .last()))
                        .chain(() -> charges.insertReprice(
                                id,
                                resource,
                                priceVersionId,
                                from,
                                to,
                                workspaceId,
                                requestedBy,
                                now,
                                corrections.get(),
                                settled.get(),
                                delta.get()))
                        .map(ignored -> {
                            LOG.infof(
                                    "Reprice %s of %s [%s, %s) with %s by %s: %d corrections, %d settled, %d µ",
                                    id,
                                    resource,
                                    from,
                                    to,
                                    priceVersionId,
                                    requestedBy,
                                    corrections.get(),
                                    settled.get(),
                                    delta.get());
                            return new Result(
                                    id,
                                    resource,
                                    priceVersionId,
                                    from,
                                    to,
                                    workspaceId,
                                    corrections.get(),
                                    settled.get(),
                                    delta.get());
                        }))
                // Checked arithmetic: an amount past the range of a long is refused, and the transaction takes back
                // every correction of the reprice.
                .onFailure(ArithmeticException.class)
                .transform(e -> ProblemException.unprocessable(
                        "amount-out-of-range",
                        "The reprice would produce an amount out of the range of a 64-bit integer of micro-units;"
                                + " nothing was changed. Narrow the range or check the price version."));
    }

    /** Adds the correction an original needs under the new version; returns its amount (0: none needed). */
    private Uni<Long> correct(Settled s, PriceVersion version, String repriceId, Instant now) {
        Charge original = s.original();
        long target = version.debitMicros(original.usageNumerator(), original.usageDenominator());
        long difference = Math.subtractExact(target, s.netDebitMicros());
        if (difference == 0) {
            return Uni.createFrom().item(0L);
        }
        Charge correction = new Charge(
                ChargeIds.correction(original.id(), s.corrections() + 1),
                original.workspaceId(),
                original.windowStart(),
                original.windowEnd(),
                original.resource(),
                original.attribution(),
                original.quantity(),
                version.unit(),
                original.usageNumerator(),
                original.usageDenominator(),
                version.id(),
                difference,
                original.id(),
                repriceId,
                now);
        return rater.writeCharge(correction).map(written -> written ? difference : 0L);
    }

    /** Turns an unpriced usage into its original charge, priced with the version; returns the amount. */
    private Uni<Long> settle(Failure f, PriceVersion version, String repriceId, Instant now) {
        Charge charge = new Charge(
                ChargeIds.of(f.workspaceId(), f.windowStart(), f.resource(), f.attribution()),
                f.workspaceId(),
                f.windowStart(),
                f.windowEnd(),
                f.resource(),
                f.attribution(),
                Money.quantity(f.usageNumerator(), f.usageDenominator()),
                version.unit(),
                f.usageNumerator(),
                f.usageDenominator(),
                version.id(),
                version.debitMicros(f.usageNumerator(), f.usageDenominator()),
                null,
                repriceId,
                now);
        return rater.writeCharge(charge)
                .call(() -> charges.resolveFailure(f, charge.id()))
                .map(written -> written ? charge.debitMicros() : 0L);
    }
}
