package io.sealcloud.accounts.api;

import io.sealcloud.accounts.api.MoneyViews.AccountView;
import io.sealcloud.accounts.api.MoneyViews.BookingView;
import io.sealcloud.accounts.api.MoneyViews.EntryView;
import io.sealcloud.accounts.api.MoneyViews.NotificationView;
import io.sealcloud.accounts.api.MoneyViews.StatementView;
import io.sealcloud.accounts.domain.Caller;
import io.sealcloud.accounts.service.AccountQueries;
import io.sealcloud.accounts.service.AccountService;
import io.sealcloud.accounts.service.GiftCodeService;
import io.sealcloud.platform.idempotency.Idempotency;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's own account: balance, ledger, statements, notifications, and redeeming gift codes. */
@Path("/api/accounts/v1/account")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
@Tag(name = "account")
@SecurityRequirement(name = "oidc")
public class AccountResource {

    private final AccountService accounts;
    private final AccountQueries queries;
    private final GiftCodeService giftCodes;
    private final IdempotentPosts posts;
    private final JsonWebToken token;

    public AccountResource(
            AccountService accounts,
            AccountQueries queries,
            GiftCodeService giftCodes,
            IdempotentPosts posts,
            JsonWebToken token) {
        this.accounts = accounts;
        this.queries = queries;
        this.giftCodes = giftCodes;
        this.posts = posts;
        this.token = token;
    }

    @GET
    @Operation(summary = "The caller's balance, expiring credits and debt state")
    public Uni<AccountView> account() {
        Caller caller = Callers.from(token);
        return accounts.signIn(caller).chain(() -> queries.account(caller.id())).map(AccountView::of);
    }

    @GET
    @Path("entries")
    @Operation(summary = "The caller's ledger entries, newest first, paged")
    public Uni<Paged<EntryView>> entries(
            @Parameter(description = "recharge, gift, adjustment, refund or charge") @QueryParam("type") String type,
            @Parameter(description = "booked at or after (RFC 3339)") @QueryParam("from") String from,
            @Parameter(description = "booked before (RFC 3339)") @QueryParam("to") String to,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        Caller caller = Callers.from(token);
        return accounts.signIn(caller)
                .chain(() -> Ledgers.entries(queries, caller.id(), type, from, to, limit, cursor));
    }

    @GET
    @Path("statements/{month}")
    @Operation(summary = "A monthly statement (UTC): opening balance, totals per entry type, closing balance")
    public Uni<StatementView> statement(
            @Parameter(description = "yyyy-MM", example = "2026-11") @PathParam("month") String month) {
        Caller caller = Callers.from(token);
        return accounts.signIn(caller)
                .chain(() -> queries.statement(caller.id(), MoneyParams.month(month)))
                .map(StatementView::of);
    }

    @GET
    @Path("notifications")
    @Operation(summary = "The caller's notifications (debt ladder moves), newest first, paged")
    public Uni<Paged<NotificationView>> notifications(
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        Caller caller = Callers.from(token);
        int size = Cursors.limit(limit);
        Long before = Cursors.parse(cursor);
        return accounts.signIn(caller)
                .chain(() -> queries.notifications(caller.id(), before, size + 1))
                .map(found ->
                        Paged.of(found.stream().map(NotificationView::of).toList(), size, n -> Cursors.of(n.id())));
    }

    @POST
    @Path("gift-codes/{code}/redeem")
    @Operation(summary = "Redeem a gift code into credit on the caller's account")
    public Uni<Response> redeem(
            @PathParam("code") String code,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        Caller caller = Callers.from(token);
        return accounts.signIn(caller)
                .chain(() -> posts.execute(
                        caller.id(),
                        idempotencyKey,
                        uri,
                        null,
                        () -> giftCodes
                                .redeem(caller.id(), code)
                                .map(b -> Response.ok(new BookingView(
                                                b.entryId(),
                                                b.balanceMicros(),
                                                b.state().wire()))
                                        .build())));
    }
}
