package io.sealcloud.metering.repository;

import io.sealcloud.metering.domain.PriceVersion;
import io.sealcloud.platform.sql.Sql;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The price catalog: effective-dated versions, append-only. */
@ApplicationScoped
public class PriceRepository {

    private static final String COLUMNS =
            "id, resource, unit, price_micros, per_quantity, effective_from, created_at, created_by, coalesce(description, '')";

    public Uni<Void> insert(PriceVersion version) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", version.id());
        params.put("resource", version.resource());
        params.put("unit", version.unit());
        params.put("price", version.priceMicros());
        params.put("per", version.perQuantity());
        params.put("from", version.effectiveFrom());
        params.put("at", version.createdAt());
        params.put("by", version.createdBy());
        params.put("description", version.description() == null ? "" : version.description());
        return Sql.update("""
                        INSERT INTO price_versions (id, resource, unit, price_micros, per_quantity, effective_from,
                            created_at, created_by, description)
                        VALUES (:id, :resource, :unit, :price, :per, :from, :at, :by, nullif(:description, ''))
                        """, params).replaceWithVoid();
    }

    public Uni<Optional<PriceVersion>> find(String id) {
        return Sql.rows("SELECT " + COLUMNS + " FROM price_versions WHERE id = :id", Map.of("id", id))
                .map(rows -> rows.stream().findFirst().map(PriceRepository::version));
    }

    /** Every version of one resource, oldest first. */
    public Uni<List<PriceVersion>> versionsOf(String resource) {
        return Sql.rows(
                        "SELECT " + COLUMNS + " FROM price_versions WHERE resource = :r ORDER BY effective_from",
                        Map.of("r", resource))
                .map(rows -> rows.stream().map(PriceRepository::version).toList());
    }

    /** A page of the catalog ordered by resource, then effective date; {@code resource} null for all. */
    public Uni<List<PriceVersion>> page(String resource, int offset, int limit) {
        return Sql.rows(
                        "SELECT " + COLUMNS + " FROM price_versions WHERE (:r = '' OR resource = :r)"
                                + " ORDER BY resource, effective_from LIMIT :limit OFFSET :offset",
                        Map.of("r", resource == null ? "" : resource, "limit", limit, "offset", offset))
                .map(rows -> rows.stream().map(PriceRepository::version).toList());
    }

    /** The version of each resource in force at {@code at}. */
    public Uni<Map<String, PriceVersion>> effectiveAt(Instant at) {
        return Sql.rows(
                        "SELECT DISTINCT ON (resource) " + COLUMNS
                                + " FROM price_versions WHERE effective_from <= :at"
                                + " ORDER BY resource, effective_from DESC",
                        Map.of("at", at))
                .map(rows -> {
                    Map<String, PriceVersion> byResource = new LinkedHashMap<>();
                    rows.stream().map(PriceRepository::version).forEach(v -> byResource.put(v.resource(), v));
                    return byResource;
                });
    }

    static PriceVersion version(Object[] r) {
        String description = Sql.text(r[8]);
        return new PriceVersion(
                Sql.text(r[0]),
                Sql.text(r[1]),
                Sql.text(r[2]),
                Sql.number(r[3]),
                Sql.number(r[4]),
                Sql.instant(r[5]),
                Sql.instant(r[6]),
                Sql.text(r[7]),
                description == null || description.isEmpty() ? null : description);
    }
}
