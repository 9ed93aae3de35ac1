package io.sealcloud.accounts.api;

import io.sealcloud.accounts.domain.Caller;
import io.sealcloud.accounts.domain.WorkspaceRole;
import io.sealcloud.accounts.service.AccountService;
import io.sealcloud.accounts.service.TeamService;
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
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The members of a workspace: list (any member), change a role and remove (owner, or a manager below the owner). */
@Path("/api/accounts/v1/workspaces/{id}/members")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
@Tag(name = "members")
@SecurityRequirement(name = "oidc")
public class MemberResource {

    private final AccountService accounts;
    private final TeamService team;
    private final JsonWebToken token;

    public MemberResource(AccountService accounts, TeamService team, JsonWebToken token) {
        this.accounts = accounts;
        this.team = team;
        this.token = token;
    }

    @GET
    @Operation(summary = "The workspace's members, oldest first (paged)")
    @APIResponse(responseCode = "200", description = "A page of members")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    public Uni<PageView<MemberView>> list(
            @PathParam("id") String id,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue(Paging.DEFAULT_SIZE) @Min(1) @Max(Paging.MAX_SIZE) int size) {
        Caller caller = Callers.from(token);
        return TeamProblems.map(
                accounts.signIn(caller)
                        .chain(() -> team.members(caller, id, page, size))
                        .map(members -> PageView.of(members, MemberView::of)),
                id);
    }

    @PATCH
    @Path("{userId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a member's role")
    @APIResponse(responseCode = "200", description = "The member with the new role")
    @APIResponse(responseCode = "403", description = "The caller's role may not change this member's role")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's, or no such member")
    @APIResponse(responseCode = "422", description = "owner requested, or the caller's own role")
    public Uni<MemberView> changeRole(
            @PathParam("id") String id, @PathParam("userId") String userId, @Valid @NotNull ChangeRoleRequest request) {
        Caller caller = Callers.from(token);
        return TeamProblems.map(
                accounts.signIn(caller)
                        .chain(() -> team.changeRole(caller, id, userId, WorkspaceRole.fromWire(request.role())))
                        .call(() -> team.afterCommit(id))
                        .map(MemberView::of),
                id);
    }

    @DELETE
    @Path("{userId}")
    @Operation(summary = "Remove a member (their RoleBinding and ServiceAccount go with it)")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "403", description = "The caller's role may not remove this member")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's, or no such member")
    @APIResponse(responseCode = "422", description = "The caller themselves (use leave)")
    public Uni<Response> remove(@PathParam("id") String id, @PathParam("userId") String userId) {
        Caller caller = Callers.from(token);
        return TeamProblems.map(
                accounts.signIn(caller)
                        .chain(() -> team.remove(caller, id, userId))
                        .call(() -> team.afterCommit(id))
                        .map(ignored -> Response.noContent().build()),
                id);
    }
}
