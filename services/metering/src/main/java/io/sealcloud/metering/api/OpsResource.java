package io.sealcloud.metering.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.metering.domain.Attribution;
import io.sealcloud.metering.repository.ChargeRepository;
import io.sealcloud.metering.repository.ChargeRepository.Failure;
import io.sealcloud.metering.repository.ChargeRepository.WorkspaceFailure;
import io.sealcloud.metering.service.Rater;
import io.sealcloud.metering.service.RepriceService;
import io.sealcloud.platform.idempotency.Idempotency;
import io.sealcloud.platform.idempotency.IdempotentRequest;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Back office (realm role {@code ops}): rating health, rating failures, repricing settled windows. */
@Path("/api/metering/v1/ops")
@RolesAllowed("ops")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ops")
@SecurityRequirement(name = "oidc")
public class OpsResource {

    private final ChargeRepository charges;
    private final RepriceService reprices;
    private final Idempotency idempotency;
    private final JsonWebToken token;
    private final Clock clock;
    private final Rater rater;

    public OpsResource(
            ChargeRepository charges,
            RepriceService reprices,
            Idempotency idempotency,
            JsonWebToken token,
            Clock clock,
            Rater rater) {
        this.charges = charges;
        this.reprices = reprices;
        this.idempotency = idempotency;
        this.token = token;
        this.clock = clock;
        this.rater = rater;
    }

    /** How far rating is behind. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RatingStatus(
            Instant lastSettledWindowEnd,
            Instant lastSettledAt,
            long settledWindows,
            Long lagSeconds,
            long unresolvedFailures,
            long charges,
            long windowSeconds,
            long workspaceFailures) {}

    @GET
    @Path("rating")
    @Operation(summary = "Rating status: last settled window, lag behind the clock, unresolved failures")
    public Uni<RatingStatus> rating() {
        return Panache.withSession(charges::status).map(r -> {
            Instant lastEnd = r[0] == null ? null : toInstant(r[0]);
            Instant now = clock.instant();
            return new RatingStatus(
                    lastEnd,
                    r[1] == null ? null : toInstant(r[1]),
                    ((Number) r[2]).longValue(),
                    lastEnd == null
                            ? null
                            : Math.max(0, Duration.between(lastEnd, now).toSeconds()),
                    ((Number) r[3]).longValue(),
                    ((Number) r[4]).longValue(),
                    rater.window().toSeconds(),
                    ((Number) r[5]).longValue());
        });
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FailureView(
            String workspaceId,
            Instant windowStart,
            Instant windowEnd,
            String resource,
            String attributionKind,
            String attributionName,
            String reason,
            Instant createdAt,
            String resolvedBy) {

        static FailureView of(Failure f) {
            Attribution a = f.attribution();
            return new FailureView(
                    f.workspaceId(),
                    f.windowStart(),
                    f.windowEnd(),
                    f.resource(),
                    a.kind(),
                    a.nameOrNull(),
                    f.reason(),
                    f.createdAt(),
                    f.resolvedBy());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FailureList(List<FailureView> items, String nextPageToken) {}

    @GET
    @Path("rating/failures")
    @Operation(summary = "Usage that could not be priced when its window settled (a reprice settles it)")
    public Uni<FailureList> failures(
            @QueryParam("unresolved") Boolean unresolved,
            @QueryParam("limit") Integer limit,
            @QueryParam("pageToken") String pageToken) {
        int size = Pages.limit(limit);
        int offset = Pages.offset(pageToken);
        return Panache.withSession(() -> charges.failurePage(unresolved == null || unresolved, offset, size))
                .map(page -> new FailureList(
                        page.stream().map(FailureView::of).toList(), Pages.next(offset, size, page.size())));
    }

    /** A workspace whose usage in a window could not be rated at all, set aside so the window settled for the rest. */
    public record WorkspaceFailureView(
            String workspaceId, Instant windowStart, Instant windowEnd, String reason, Instant createdAt) {

        static WorkspaceFailureView of(WorkspaceFailure f) {
            return new WorkspaceFailureView(f.workspaceId(), f.windowStart(), f.windowEnd(), f.reason(), f.createdAt());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WorkspaceFailureList(List<WorkspaceFailureView> items, String nextPageToken) {}

    @GET
    @Path("rating/workspace-failures")
    @Operation(
            summary =
                    "Workspace-windows set aside unrated (a sum or amount out of range): no charge, no usage.recorded;"
                            + " every other workspace of the window settled")
    public Uni<WorkspaceFailureList> workspaceFailures(
            @QueryParam("limit") Integer limit, @QueryParam("pageToken") String pageToken) {
        int size = Pages.limit(limit);
        int offset = Pages.offset(pageToken);
        return Panache.withSession(() -> charges.workspaceFailurePage(offset, size))
                .map(page -> new WorkspaceFailureList(
                        page.stream().map(WorkspaceFailureView::of).toList(), Pages.next(offset, size, page.size())));
    }

    /** Reprice settled windows {@code [from, to)} of one resource with a price version. */
    public record RepriceRequest(
            @NotBlank @Size(max = 300) String resource,
            @NotBlank @Size(max = 128) String priceVersion,
            @NotNull Instant from,
            @NotNull Instant to,
            @Size(max = 60) String workspaceId) {}

    @POST
    @Path("reprices")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reprice settled windows: adds corrections (never edits a charge)")
    @APIResponse(responseCode = "201", description = "Done: the corrections made and their total")
    @APIResponse(responseCode = "400", description = "Invalid range")
    @APIResponse(responseCode = "422", description = "Unknown price version, a window not settled yet, or key reused")
    public Uni<Response> reprice(
            @Valid @NotNull RepriceRequest body,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        IdempotentRequest request = new IdempotentRequest(token.getSubject(), "POST", uri.getPath(), body);
        return idempotency.execute(
                idempotencyKey,
                request,
                () -> Uni.createFrom()
                        .deferred(() -> reprices.reprice(
                                body.resource(),
                                body.priceVersion(),
                                body.from(),
                                body.to(),
                                body.workspaceId() == null || body.workspaceId().isBlank() ? null : body.workspaceId(),
                                token.getSubject()))
                        .map(result -> Response.status(201).entity(result).build()));
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        } else if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        } else if (value instanceof java.time.LocalDateTime l) {
            return l.toInstant(java.time.ZoneOffset.UTC);
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
