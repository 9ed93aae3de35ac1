package io.sealcloud.accounts.api;

import io.sealcloud.accounts.api.MoneyViews.OrderView;
import io.sealcloud.accounts.domain.Caller;
import io.sealcloud.accounts.service.AccountService;
import io.sealcloud.accounts.service.PaymentService;
import io.sealcloud.platform.idempotency.Idempotency;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's payment orders. Creating one moves no money; only the provider can mark it paid. */
@Path("/api/accounts/v1/payments/orders")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
@Tag(name = "payments")
@SecurityRequirement(name = "oidc")
public class PaymentResource {

    private final AccountService accounts;
    private final PaymentService payments;
    private final IdempotentPosts posts;
    private final JsonWebToken token;

    public PaymentResource(
            AccountService accounts, PaymentService payments, IdempotentPosts posts, JsonWebToken token) {
        this.accounts = accounts;
        this.payments = payments;
        this.posts = posts;
        this.token = token;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a payment order (pending until the provider confirms payment; expires)")
    @APIResponse(responseCode = "201", description = "The pending order, with where to pay")
    public Uni<Response> create(
            @Valid @NotNull MoneyRequests.CreateOrder body,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        Caller caller = Callers.from(token);
        return accounts.signIn(caller)
                .chain(() -> posts.execute(
                        caller.id(),
                        idempotencyKey,
                        uri,
                        body,
                        () -> payments.createOrder(caller.id(), body.amountMicros(), body.provider())
                                .map(order -> Response.created(uri.getAbsolutePathBuilder()
                                                .path(order.id)
                                                .build())
                                        .entity(OrderView.of(order, payments.now()))
                                        .build())));
    }

    @GET
    @Operation(summary = "The caller's payment orders, newest first, paged")
    public Uni<Paged<OrderView>> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        Caller caller = Callers.from(token);
        int size = Cursors.limit(limit);
        Long before = Cursors.parse(cursor);
        return accounts.signIn(caller)
                .chain(() -> payments.orders(caller.id(), before, size + 1))
                .map(found -> Paged.of(found, size, o -> Cursors.of(o.seq)).map(o -> OrderView.of(o, payments.now())));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One of the caller's payment orders")
    @APIResponse(responseCode = "404", description = "No such order among the caller's")
    public Uni<OrderView> get(@PathParam("id") String id) {
        Caller caller = Callers.from(token);
        return accounts.signIn(caller)
                .chain(() -> payments.order(caller.id(), id))
                .map(order -> OrderView.of(order, payments.now()));
    }
}
