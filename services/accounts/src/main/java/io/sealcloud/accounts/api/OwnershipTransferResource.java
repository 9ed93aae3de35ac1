package io.sealcloud.accounts.api;

import io.sealcloud.accounts.domain.Caller;
import io.sealcloud.accounts.service.AccountService;
import io.sealcloud.accounts.service.OwnershipTransferService;
import io.sealcloud.accounts.service.TeamService;
import io.sealcloud.platform.idempotency.Idempotency;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Ownership transfer with consent: the owner offers the workspace to a member, who accepts (and becomes the owner) or
 * declines; the owner can withdraw the offer; it expires. A workspace the caller is not a member of answers 404.
 */
@Path("/api/accounts/v1/workspaces/{id}/transfer-ownership")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
@Tag(name = "members")
@SecurityRequirement(name = "oidc")
public class OwnershipTransferResource {

    private final AccountService accounts;
    private final OwnershipTransferService transfers;
    private final TeamService team;
    private final IdempotentPosts posts;
    private final JsonWebToken token;
    private final Clock clock;

    public OwnershipTransferResource(
            AccountService accounts,
            OwnershipTransferService transfers,
            TeamService team,
            IdempotentPosts posts,
            JsonWebToken token,
            Clock clock) {
        this.accounts = accounts;
        this.transfers = transfers;
        this.team = team;
        this.posts = posts;
        this.token = token;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Offer the workspace's ownership to a member (owner only); nothing changes until they accept",
            description = "One pending offer per workspace: a new offer withdraws the previous one. The member accepts"
                    + " or declines it; it expires after sealcloud.accounts.ownership-transfers.ttl (7 days).")
    @APIResponse(responseCode = "202", description = "Offered; waiting for the member's answer")
    @APIResponse(responseCode = "403", description = "Not the owner")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    @APIResponse(
            responseCode = "409",
            description = "The member already owns a workspace with this name (workspace-name-taken), or their"
                    + " account is in debt (new-owner-in-debt); nothing changed")
    @APIResponse(responseCode = "422", description = "Not a member, the caller themselves, or a personal workspace")
    public Uni<Response> offer(
            @PathParam("id") String id,
            @Valid @NotNull TransferOwnershipRequest request,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        Caller caller = Callers.from(token);
        return TeamProblems.map(
                accounts.signIn(caller)
                        .chain(() -> posts.execute(
                                caller.id(),
                                idempotencyKey,
                                uri,
                                request,
                                () -> TeamProblems.map(
                                        transfers
                                                .offer(caller, id, request.userId())
                                                .map(offer -> Response.accepted(
                                                                OwnershipTransferView.of(offer, clock.instant()))
                                                        .build()),
                                        id))),
                id);
    }

    @GET
    @Operation(summary = "The workspace's open ownership offer (its owner and the member it is offered to)")
    @APIResponse(responseCode = "200", description = "The open offer")
    @APIResponse(responseCode = "403", description = "Neither the owner nor the member it is offered to")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's, or no open offer")
    public Uni<OwnershipTransferView> pending(@PathParam("id") String id) {
        Caller caller = Callers.from(token);
        return TeamProblems.map(
                accounts.signIn(caller)
                        .chain(() -> transfers.pending(caller, id))
                        .map(offer -> OwnershipTransferView.of(offer, clock.instant())),
                id);
    }

    @DELETE
    @Operation(summary = "Withdraw the pending ownership offer (owner only)")
    @APIResponse(responseCode = "204", description = "Withdrawn")
    @APIResponse(responseCode = "403", description = "Not the owner")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's, or no pending offer")
    public Uni<Response> cancel(@PathParam("id") String id) {
        Caller caller = Callers.from(token);
        return TeamProblems.map(
                accounts.signIn(caller)
                        .chain(() -> transfers.cancel(caller, id))
                        .map(ignored -> Response.noContent().build()),
                id);
    }

    @POST
    @Path("accept")
    @Operation(
            summary = "Accept the ownership offered to the caller: they become the owner, the former owner a manager",
            description = "The workspace takes the new owner's debt state at once: a suspension for the former owner's"
                    + " debt is lifted (another reason, e.g. ops, stays). Usage before the acceptance stays the former"
                    + " owner's to pay, whenever its charge arrives.")
    @APIResponse(responseCode = "204", description = "The caller owns the workspace")
    @APIResponse(responseCode = "403", description = "The offer is for another member")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's, or no pending offer")
    @APIResponse(
            responseCode = "409",
            description = "The caller already owns a workspace with this name (workspace-name-taken), or their account"
                    + " is in debt (new-owner-in-debt); nothing changed and the offer stays open")
    @APIResponse(responseCode = "410", description = "The offer expired")
    public Uni<Response> accept(
            @PathParam("id") String id, @HeaderParam(Idempotency.HEADER) String idempotencyKey, @Context UriInfo uri) {
        Caller caller = Callers.from(token);
        return TeamProblems.map(
                accounts.signIn(caller)
                        .chain(() -> posts.execute(
                                caller.id(),
                                idempotencyKey,
                                uri,
                                null,
                                () -> TeamProblems.map(
                                        transfers
                                                .accept(caller, id)
                                                .map(ignored ->
                                                        Response.noContent().build()),
                                        id)))
                        .call(() -> team.afterCommit(id)),
                id);
    }

    @POST
    @Path("decline")
    @Operation(summary = "Decline the ownership offered to the caller; nothing else changes")
    @APIResponse(responseCode = "204", description = "Declined")
    @APIResponse(responseCode = "403", description = "The offer is for another member")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's, or no pending offer")
    @APIResponse(responseCode = "410", description = "The offer expired")
    public Uni<Response> decline(@PathParam("id") String id) {
        Caller caller = Callers.from(token);
        return TeamProblems.map(
                accounts.signIn(caller)
                        .chain(() -> transfers.decline(caller, id))
                        .map(ignored -> Response.noContent().build()),
                id);
    }
}
