package io.sealcloud.accounts.api;

import io.sealcloud.accounts.domain.Caller;
import io.sealcloud.accounts.domain.WorkspaceRole;
import io.sealcloud.accounts.service.AccountService;
import io.sealcloud.accounts.service.InvitationService;
import io.sealcloud.platform.idempotency.Idempotency;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
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
import java.time.Clock;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Invitations to a team workspace: issue, list and revoke (owner or manager). */
@Path("/api/accounts/v1/workspaces/{id}/invitations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
@Tag(name = "members")
@SecurityRequirement(name = "oidc")
public class InvitationResource {

    private final AccountService accounts;
    private final InvitationService invitations;
    private final IdempotentPosts posts;
    private final JsonWebToken token;
    private final Clock clock;

    public InvitationResource(
            AccountService accounts,
            InvitationService invitations,
            IdempotentPosts posts,
            JsonWebToken token,
            Clock clock) {
        this.accounts = accounts;
        this.invitations = invitations;
        this.posts = posts;
        this.token = token;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Invite someone as manager or developer; the answer carries the single-use code")
    @APIResponse(responseCode = "201", description = "Created; the code is shown this once")
    @APIResponse(responseCode = "403", description = "A developer cannot invite")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    @APIResponse(responseCode = "422", description = "Role owner, a personal workspace, or Idempotency-Key reused")
    public Uni<Response> invite(
            @PathParam("id") String id,
            @Valid @NotNull InviteRequest request,
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
                                        invitations
                                                .invite(
                                                        caller,
                                                        id,
                                                        WorkspaceRole.fromWire(request.role()),
                                                        request.email())
                                                .map(issued -> Response.created(uri.getAbsolutePathBuilder()
                                                                .path(issued.invitation().id)
                                                                .build())
                                                        .entity(InvitationView.of(
                                                                issued.invitation(), clock.instant(), issued.code()))
                                                        .build()),
                                        id))),
                id);
    }

    @GET
    @Operation(summary = "The workspace's invitations, newest first (paged; owner or manager)")
    @APIResponse(responseCode = "200", description = "A page of invitations (without codes)")
    @APIResponse(responseCode = "403", description = "A developer cannot see invitations")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    public Uni<PageView<InvitationView>> list(
            @PathParam("id") String id,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue(Paging.DEFAULT_SIZE) @Min(1) @Max(Paging.MAX_SIZE) int size) {
        Caller caller = Callers.from(token);
        return TeamProblems.map(
                accounts.signIn(caller)
                        .chain(() -> invitations.list(caller, id, page, size))
                        .map(found -> PageView.of(found, i -> InvitationView.of(i, clock.instant(), null))),
                id);
    }

    @DELETE
    @Path("{invitationId}")
    @Operation(summary = "Revoke a pending invitation (owner or manager)")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "403", description = "A developer cannot revoke")
    @APIResponse(responseCode = "404", description = "No such workspace, or no such pending invitation")
    public Uni<Response> revoke(@PathParam("id") String id, @PathParam("invitationId") String invitationId) {
        Caller caller = Callers.from(token);
        return TeamProblems.map(
                accounts.signIn(caller)
                        .chain(() -> invitations.revoke(caller, id, invitationId))
                        .map(ignored -> Response.noContent().build()),
                id);
    }
}
