package io.sealcloud.appstore.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.sealcloud.appstore.domain.catalog.CatalogVersion;
import io.sealcloud.appstore.service.CatalogService;
import io.sealcloud.platform.idempotency.Idempotency;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Drafts waiting for review: partners' uploads are hidden until ops approve them (the review actions themselves are
 * in {@link CatalogResource}, under the version they change).
 */
@Path("/api/appstore/v1/drafts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "catalog review")
@SecurityRequirement(name = "oidc")
public class CatalogReviewResource {

    /** An optional note for the record. */
    public record ReviewRequest(@Size(max = 500) String note) {}

    /** A version as reviewers see it. */
    public record ReviewedVersion(
            String template,
            String version,
            String status,
            String createdBy,
            Instant createdAt,
            String reviewedBy,
            Instant reviewedAt,
            String reviewNote) {

        static ReviewedVersion of(CatalogVersion v) {
            return new ReviewedVersion(
                    v.key.templateName,
                    v.key.version,
                    v.status.wireName(),
                    v.createdBy,
                    v.createdAt,
                    v.reviewedBy,
                    v.reviewedAt,
                    v.reviewNote);
        }
    }

    private final CatalogService catalog;
    private final Idempotency idempotency;
    private final SecurityIdentity identity;

    public CatalogReviewResource(CatalogService catalog, Idempotency idempotency, SecurityIdentity identity) {
        this.catalog = catalog;
        this.idempotency = idempotency;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({"ops", "partner"})
    @Operation(summary = "Drafts waiting for review, oldest first (ops: all; partners: their own)")
    public Uni<AppViews.Page<ReviewedVersion>> drafts(
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        String author = identity.hasRole("ops") ? null : identity.getPrincipal().getName();
        return catalog.drafts(author, page, size)
                .map(result -> new AppViews.Page<>(
                        result.getKey().stream().map(ReviewedVersion::of).toList(), page, size, result.getValue()));
    }
}
