package io.sealcloud.accounts.api;

import io.sealcloud.accounts.domain.Caller;
import io.sealcloud.accounts.domain.WorkspaceInfo;
import io.sealcloud.accounts.service.AccountService;
import io.sealcloud.accounts.service.InvitationService;
import io.sealcloud.accounts.service.TeamService;
import io.sealcloud.platform.idempotency.Idempotency;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What the invited person does with a code: accept (join) or decline. */
@Path("/api/accounts/v1/invitations/{code}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
@Tag(name = "members")
@SecurityRequirement(name = "oidc")
public class InvitationCodeResource {

    private final AccountService accounts;
    private final InvitationService invitations;
    private final TeamService team;
    private final IdempotentPosts posts;
    private final JsonWebToken token;

    public InvitationCodeResource(
            AccountService accounts,
            InvitationService invitations,
            TeamService team,
            IdempotentPosts posts,
            JsonWebToken token) {
        this.accounts = accounts;
        this.invitations = invitations;
        this.team = team;
        this.posts = posts;
        this.token = token;
    }

    @POST
    @Path("accept")
    @Operation(summary = "Join the workspace with the invitation's role")
    @APIResponse(responseCode = "200", description = "The workspace, as the new member sees it")
    @APIResponse(responseCode = "403", description = "The invitation names another (verified) email address")
    @APIResponse(responseCode = "404", description = "Unknown code")
    @APIResponse(responseCode = "409", description = "The caller is a member already")
    @APIResponse(responseCode = "410", description = "Used, declined, revoked or expired")
    public Uni<Response> accept(
            @PathParam("code") String code,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        Caller caller = Callers.from(token);
        AtomicReference<WorkspaceInfo> joined = new AtomicReference<>();
        return TeamProblems.map(
                accounts.signIn(caller)
                        .chain(() -> posts.execute(
                                caller.id(),
                                idempotencyKey,
                                uri,
                                null,
                                () -> TeamProblems.map(
                                        invitations
                                                .accept(caller, emailVerified(), code)
                                                .invoke(joined::set)
                                                .map(info -> Response.ok(WorkspaceView.of(info))
                                                        .build()),
                                        null)))
                        .call(() -> joined.get() == null
                                ? Uni.createFrom().voidItem()
                                : team.afterCommit(joined.get().id())),
                null);
    }

    @POST
    @Path("decline")
    @Operation(summary = "Decline the invitation")
    @APIResponse(responseCode = "204", description = "Declined; the code cannot be used any more")
    @APIResponse(responseCode = "403", description = "The invitation names another (verified) email address")
    @APIResponse(responseCode = "404", description = "Unknown code")
    @APIResponse(responseCode = "410", description = "Used, declined, revoked or expired")
    public Uni<Response> decline(
            @PathParam("code") String code,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        Caller caller = Callers.from(token);
        return TeamProblems.map(
                accounts.signIn(caller)
                        .chain(() -> posts.execute(
                                caller.id(),
                                idempotencyKey,
                                uri,
                                null,
                                () -> TeamProblems.map(
                                        invitations
                                                .decline(caller, emailVerified(), code)
                                                .map(ignored ->
                                                        Response.noContent().build()),
                                        null))),
                null);
    }

    private boolean emailVerified() {
        Object verified = token.getClaim("email_verified");
        return Boolean.TRUE.equals(verified) || "true".equals(String.valueOf(verified));
    }
}
