package io.sealcloud.metering.api;

import io.quarkus.security.Authenticated;
import io.sealcloud.metering.api.PriceViews.NewPriceVersion;
import io.sealcloud.metering.api.PriceViews.PriceList;
import io.sealcloud.metering.api.PriceViews.PriceVersionView;
import io.sealcloud.metering.service.PriceService;
import io.sealcloud.platform.idempotency.Idempotency;
import io.sealcloud.platform.idempotency.IdempotentRequest;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The price catalog: readable with any valid token (any role: users, partners, operators), ops-only to extend. A
 * version is never edited; a change is a new version effective in the future. Reading needs a token because every
 * endpoint of the platform authenticates its caller (one rule, no anonymous surface to rate-limit or audit apart); a
 * public price page is the console's job, which reads it with its own token.
 */
@Path("/api/metering/v1/prices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "prices")
public class PriceResource {

    private final PriceService prices;
    private final Idempotency idempotency;
    private final JsonWebToken token;

    public PriceResource(PriceService prices, Idempotency idempotency, JsonWebToken token) {
        this.prices = prices;
        this.idempotency = idempotency;
        this.token = token;
    }

    @GET
    @Authenticated
    @SecurityRequirement(name = "oidc")
    @Operation(
            summary = "The price catalog: every version of every resource, by resource and effective date (any token)")
    @APIResponse(
            responseCode = "200",
            description = "A page of the catalog",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = PriceList.class)))
    @APIResponse(responseCode = "401", description = "No valid token")
    public Uni<PriceList> list(
            @QueryParam("resource") String resource,
            @QueryParam("limit") Integer limit,
            @QueryParam("pageToken") String pageToken) {
        int size = Pages.limit(limit);
        int offset = Pages.offset(pageToken);
        return prices.page(resource, offset, size)
                .map(page -> new PriceList(
                        page.stream().map(PriceVersionView::of).toList(), Pages.next(offset, size, page.size())));
    }

    @POST
    @RolesAllowed("ops")
    @SecurityRequirement(name = "oidc")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a price version that takes effect in the future (ops)")
    @APIResponse(responseCode = "201", description = "Added; Location names the version")
    @APIResponse(responseCode = "400", description = "Invalid version")
    @APIResponse(responseCode = "403", description = "Not an operator")
    @APIResponse(responseCode = "409", description = "A version of the resource already starts at that time")
    @APIResponse(responseCode = "422", description = "effectiveFrom is not in the future, or Idempotency-Key reused")
    public Uni<Response> add(
            @Valid @NotNull NewPriceVersion body,
            @Parameter(description = "Makes retries safe: the first response is replayed for 24 h")
                    @HeaderParam(Idempotency.HEADER)
                    String idempotencyKey,
            @Context UriInfo uri) {
        String caller = token.getSubject();
        IdempotentRequest request = new IdempotentRequest(caller, "POST", uri.getPath(), body);
        return idempotency.execute(
                idempotencyKey,
                request,
                () -> Uni.createFrom()
                        .deferred(() -> prices.add(
                                        new PriceService.NewVersion(
                                                body.resource(),
                                                body.unit(),
                                                body.priceMicros(),
                                                body.perQuantity() == null ? 1L : body.perQuantity(),
                                                body.effectiveFrom(),
                                                body.description()),
                                        caller)
                                .map(v -> Response.created(uri.getAbsolutePathBuilder()
                                                .path(v.id())
                                                .build())
                                        .entity(PriceVersionView.of(v))
                                        .build())));
    }

    @GET
    @Path("{id}")
    @Authenticated
    @SecurityRequirement(name = "oidc")
    @Operation(summary = "One price version (any token)")
    @APIResponse(
            responseCode = "200",
            description = "The version",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = PriceVersionView.class)))
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "404", description = "No such version")
    public Uni<PriceVersionView> get(@jakarta.ws.rs.PathParam("id") String id) {
        return prices.find(id)
                .map(found -> found.map(PriceVersionView::of)
                        .orElseThrow(
                                () -> io.sealcloud.platform.problem.ProblemException.notFound("Price version", id)));
    }
}
