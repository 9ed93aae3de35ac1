package io.sealcloud.metering.service;

import io.sealcloud.metering.domain.MeteredResources;
import io.sealcloud.metering.domain.PriceVersion;
import io.sealcloud.metering.repository.PriceRepository;
import io.sealcloud.platform.problem.Problem;
import io.sealcloud.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The price catalog. A new version may only take effect in the future: every window that has started (and so every
 * charge already made or still to be made for it) keeps the price it started under, which is what makes past versions
 * immutable in effect, not only in the table.
 */
@ApplicationScoped
public class PriceService {

    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final PriceRepository prices;
    private final Clock clock;

    public PriceService(PriceRepository prices, Clock clock) {
        this.prices = prices;
        this.clock = clock;
    }

    /** What an operator asks for; validated here (the resource's unit rules need the resource). */
    public record NewVersion(
            String resource,
            String unit,
            long priceMicros,
            long perQuantity,
            Instant effectiveFrom,
            String description) {}

    /** Adds a version (in a transaction of its own, or the caller's: the Idempotency-Key helper's). */
    public Uni<PriceVersion> add(NewVersion request, String createdBy) {
        Instant now = clock.instant();
        String resource = request.resource();
        if (!MeteredResources.isValid(resource)) {
            throw invalid(
                    "/resource",
                    "must be cpu, memory, storage, nodeport, loadbalancer, gpu:<name> or"
                            + " partner:<client>/<meter>");
        }
        Optional<String> fixedUnit = MeteredResources.sampledUnit(resource);
        String unit;
        if (fixedUnit.isPresent()) {
            if (request.unit() != null && !request.unit().equals(fixedUnit.get())) {
                throw invalid("/unit", "must be " + fixedUnit.get() + " for " + resource + " (or left out)");
            }
            unit = fixedUnit.get();
        } else if (request.unit() == null || request.unit().isBlank()) {
            throw invalid("/unit", "is required for a partner meter");
        } else {
            unit = request.unit();
        }
        if (!request.effectiveFrom().isAfter(now)) {
            throw ProblemException.unprocessable(
                    "effective-from-not-in-future",
                    "A price version can only take effect in the future (after " + now
                            + "); versions already in force are immutable.");
        }
        Instant from = request.effectiveFrom().truncatedTo(ChronoUnit.SECONDS);
        if (!from.equals(request.effectiveFrom())) {
            throw invalid("/effectiveFrom", "must be a whole second");
        }
        String slug = resource.replaceAll("[^A-Za-z0-9]+", "-");
        PriceVersion version = new PriceVersion(
                "pv-" + slug + "-" + ID_TIME.format(from),
                resource,
                unit,
                request.priceMicros(),
                request.perQuantity(),
                from,
                now.truncatedTo(ChronoUnit.MICROS),
                createdBy,
                request.description());
        return io.quarkus.hibernate.reactive.panache.Panache.withTransaction(() -> prices.versionsOf(resource)
                .chain(existing -> {
                    if (existing.stream().anyMatch(v -> v.effectiveFrom().equals(from))) {
                        return Uni.createFrom()
                                .failure(ProblemException.conflict(
                                        "price-version-exists",
                                        "A version of " + resource + " already takes effect at " + from + "."));
                    }
                    if (existing.stream().anyMatch(v -> !v.unit().equals(unit))) {
                        return Uni.createFrom()
                                .failure(invalid(
                                        "/unit", "must stay " + existing.get(0).unit() + " for " + resource));
                    }
                    return prices.insert(version);
                })
                .replaceWith(version));
    }

    public Uni<Optional<PriceVersion>> find(String id) {
        return io.quarkus.hibernate.reactive.panache.Panache.withSession(() -> prices.find(id));
    }

    public Uni<List<PriceVersion>> page(String resource, int offset, int limit) {
        return io.quarkus.hibernate.reactive.panache.Panache.withSession(() -> prices.page(resource, offset, limit));
    }

    private static ProblemException invalid(String pointer, String detail) {
        return ProblemException.badRequest(
                "The price version is invalid.", List.of(Problem.Violation.atPointer(pointer, detail)));
    }
}
