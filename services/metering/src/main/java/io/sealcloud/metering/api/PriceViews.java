package io.sealcloud.metering.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sealcloud.metering.domain.PriceVersion;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** Request and response bodies of the price catalog. */
public final class PriceViews {

    private PriceViews() {}

    /** A new price version: {@code priceMicros} per {@code perQuantity} units from {@code effectiveFrom} on. */
    public record NewPriceVersion(
            @NotBlank @Size(max = 300) String resource,
            @Size(min = 1, max = 64) String unit,
            @NotNull @Min(0) @Max(1_000_000_000_000L) Long priceMicros,
            @Min(1) @Max(1_000_000_000_000L) Long perQuantity,
            @NotNull Instant effectiveFrom,
            @Size(max = 500) String description) {}

    /** One version as the catalog shows it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PriceVersionView(
            String id,
            String resource,
            String unit,
            long priceMicros,
            long perQuantity,
            Instant effectiveFrom,
            Instant createdAt,
            String description) {

        static PriceVersionView of(PriceVersion v) {
            return new PriceVersionView(
                    v.id(),
                    v.resource(),
                    v.unit(),
                    v.priceMicros(),
                    v.perQuantity(),
                    v.effectiveFrom(),
                    v.createdAt(),
                    v.description());
        }
    }

    /** A page of the catalog. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PriceList(List<PriceVersionView> items, String nextPageToken) {}
}
