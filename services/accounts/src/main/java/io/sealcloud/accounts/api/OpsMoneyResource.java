package io.sealcloud.accounts.api;

import io.sealcloud.accounts.api.MoneyViews.AccountView;
import io.sealcloud.accounts.api.MoneyViews.BookingView;
import io.sealcloud.accounts.api.MoneyViews.EntryView;
import io.sealcloud.accounts.api.MoneyViews.GiftCodeView;
import io.sealcloud.accounts.api.MoneyViews.OrderView;
import io.sealcloud.accounts.api.MoneyViews.ProviderPaymentView;
import io.sealcloud.accounts.domain.Caller;
import io.sealcloud.accounts.service.AccountQueries;
import io.sealcloud.accounts.service.AdjustmentService;
import io.sealcloud.accounts.service.GiftCodeService;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The money back-office, for realm role {@code ops} only: any account's balance and ledger, adjustments (with a
 * mandatory reason, audited), gift codes, sandbox completions and refunds. Every path that credits an account lives
 * here or behind a provider's signature: no user token can credit anything (CVE-2023-36815).
 */
@Path("/api/accounts/v1/ops")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("ops")
@Tag(name = "ops: money")
@SecurityRequirement(name = "oidc")
public class OpsMoneyResource {

    private final AccountQueries queries;
    private final AdjustmentService adjustments;
    private final GiftCodeService giftCodes;
    private final PaymentService payments;
    private final IdempotentPosts posts;
    private final JsonWebToken token;

    public OpsMoneyResource(
            AccountQueries queries,
            AdjustmentService adjustments,
            GiftCodeService giftCodes,
            PaymentService payments,
            IdempotentPosts posts,
            JsonWebToken token) {
        this.queries = queries;
        this.adjustments = adjustments;
        this.giftCodes = giftCodes;
        this.payments = payments;
        this.posts = posts;
        this.token = token;
    }

    @GET
    @Path("accounts/{id}")
    @Operation(summary = "Any account's balance, credits and debt state")
    public Uni<AccountView> account(@PathParam("id") String id) {
        return queries.account(id).map(AccountView::of);
    }

    @GET
    @Path("accounts/{id}/entries")
    @Operation(summary = "Any account's ledger entries, newest first, paged")
    public Uni<Paged<EntryView>> entries(
            @PathParam("id") String id,
            @QueryParam("type") String type,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return Ledgers.entries(queries, id, type, from, to, limit, cursor);
    }

    @POST
    @Path("accounts/{id}/adjustments")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Adjust a balance (signed amount, mandatory reason); audited")
    public Uni<Response> adjust(
            @PathParam("id") String id,
            @Valid @NotNull MoneyRequests.Adjustment body,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        Caller ops = Callers.from(token);
        if (body.amountMicros() == 0) {
            throw io.sealcloud.accounts.service.MoneyProblems.invalid("/amountMicros", "must not be 0");
        }
        return posts.execute(
                ops.id(),
                idempotencyKey,
                uri,
                body,
                () -> adjustments
                        .adjust(id, body.amountMicros(), body.reason().strip(), ops.id())
                        .map(b -> Response.status(201)
                                .entity(new BookingView(
                                        b.entryId(),
                                        b.balanceMicros(),
                                        b.state().wire()))
                                .build()));
    }

    @POST
    @Path("gift-codes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue a gift code (single or multi-use, per-user limit, expiry, optional credit expiry)")
    public Uni<Response> createGiftCode(
            @Valid @NotNull MoneyRequests.CreateGiftCode body,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        Caller ops = Callers.from(token);
        int maxUses = body.maxUses() == null ? 1 : body.maxUses();
        int perUser = body.perUserLimit() == null ? 1 : body.perUserLimit();
        if (perUser > maxUses) {
            throw io.sealcloud.accounts.service.MoneyProblems.invalid("/perUserLimit", "must not be more than maxUses");
        }
        GiftCodeService.NewGiftCode code = new GiftCodeService.NewGiftCode(
                body.code(),
                body.amountMicros(),
                maxUses,
                perUser,
                body.expiresAt(),
                body.creditValidSeconds(),
                body.description());
        return posts.execute(
                ops.id(),
                idempotencyKey,
                uri,
                body,
                () -> giftCodes
                        .create(code, ops.id())
                        .map(g -> Response.created(uri.getAbsolutePathBuilder()
                                        .path(g.code)
                                        .build())
                                .entity(GiftCodeView.of(g))
                                .build()));
    }

    @GET
    @Path("gift-codes")
    @Operation(summary = "Gift codes in code order, paged")
    public Uni<Paged<GiftCodeView>> giftCodes(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        int size = Cursors.limit(limit);
        String after = Cursors.parseText(cursor);
        return giftCodes
                .page(after, size + 1)
                .map(found -> Paged.of(found, size, g -> Cursors.ofText(g.code)).map(GiftCodeView::of));
    }

    @GET
    @Path("gift-codes/{code}")
    @Operation(summary = "One gift code")
    public Uni<GiftCodeView> giftCode(@PathParam("code") String code) {
        return giftCodes.get(code).map(GiftCodeView::of);
    }

    @POST
    @Path("gift-codes/{code}/disable")
    @Operation(summary = "Withdraw a gift code (no further redemptions)")
    public Uni<Response> disableGiftCode(
            @PathParam("code") String code,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        Caller ops = Callers.from(token);
        return posts.execute(
                ops.id(),
                idempotencyKey,
                uri,
                null,
                () -> giftCodes
                        .disable(code, ops.id())
                        .map(g -> Response.ok(GiftCodeView.of(g)).build()));
    }

    @POST
    @Path("payments/orders/{id}/sandbox-payment")
    @Operation(summary = "Complete a sandbox order as paid (the sandbox has no webhooks; local runs and tests)")
    public Uni<Response> completeSandbox(
            @PathParam("id") String id, @HeaderParam(Idempotency.HEADER) String idempotencyKey, @Context UriInfo uri) {
        Caller ops = Callers.from(token);
        return posts.execute(
                ops.id(),
                idempotencyKey,
                uri,
                null,
                () -> payments.completeSandboxOrder(id, ops.id())
                        .map(result -> Response.ok(new PaymentWebhookResource.WebhookAnswer(result.name()
                                        .toLowerCase(java.util.Locale.ROOT)
                                        .replace('_', '-')))
                                .build()));
    }

    @GET
    @Path("payments/orders/{id}")
    @Operation(summary = "Any payment order")
    public Uni<OrderView> order(@PathParam("id") String id) {
        return payments.anyOrder(id).map(o -> OrderView.of(o, payments.now()));
    }

    @POST
    @Path("payments/orders/{id}/refunds")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Refund (part of) a paid order through its provider, or record a refund made outside sealcloud"
                    + " (externalRefundId); books a refund entry, audited")
    public Uni<Response> refund(
            @PathParam("id") String id,
            @Valid @NotNull MoneyRequests.Refund body,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        Caller ops = Callers.from(token);
        return posts.execute(
                ops.id(),
                idempotencyKey,
                uri,
                body,
                () -> payments.refund(id, body.amountMicros(), body.reason().strip(), body.externalRefundId(), ops.id())
                        .map(o -> Response.ok(OrderView.of(o, payments.now())).build()));
    }

    @GET
    @Path("payments/held")
    @Operation(
            summary = "The refund queue: provider payments captured but not booked (other amount, unknown order, order"
                    + " paid already), oldest first, paged")
    public Uni<Paged<ProviderPaymentView>> heldPayments(
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        int size = Cursors.limit(limit);
        String after = Cursors.parseText(cursor);
        return payments.heldPayments(after, size + 1)
                .map(found -> Paged.of(found, size, p -> Cursors.ofText(p.id)).map(ProviderPaymentView::of));
    }

    @GET
    @Path("payments/provider-payments/{id}")
    @Operation(summary = "One recorded provider payment (booked, held or refunded)")
    public Uni<ProviderPaymentView> providerPayment(@PathParam("id") String id) {
        return payments.providerPayment(id).map(ProviderPaymentView::of);
    }

    @POST
    @Path("payments/held/{id}/refund")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Record that a held payment was returned to the payer in the provider's console (its refund"
                    + " reference and a reason); audited, nothing is booked")
    public Uni<Response> refundHeld(
            @PathParam("id") String id,
            @Valid @NotNull MoneyRequests.HeldPaymentRefund body,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        Caller ops = Callers.from(token);
        return posts.execute(
                ops.id(),
                idempotencyKey,
                uri,
                body,
                () -> payments.resolveHeldByRefund(
                                id, body.externalRefundId(), body.reason().strip(), ops.id())
                        .map(p -> Response.ok(ProviderPaymentView.of(p)).build()));
    }
}
