package io.sealcloud.accounts.api;

import io.sealcloud.accounts.domain.Caller;
import io.sealcloud.accounts.domain.WorkspaceInfo;
import io.sealcloud.accounts.domain.WorkspaceNameTakenException;
import io.sealcloud.accounts.domain.WorkspaceNotFoundException;
import io.sealcloud.accounts.service.AccountService;
import io.sealcloud.accounts.service.TeamService;
import io.sealcloud.accounts.service.WorkspaceService;
import io.sealcloud.platform.idempotency.Idempotency;
import io.sealcloud.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's workspaces. A workspace the caller is not a member of answers 404, like one that does not exist. */
@Path("/api/accounts/v1/workspaces")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
@Tag(name = "workspaces")
@SecurityRequirement(name = "oidc")
public class WorkspaceResource {

    private final AccountService accounts;
    private final WorkspaceService workspaces;
    private final TeamService team;
    private final IdempotentPosts posts;
    private final JsonWebToken token;

    public WorkspaceResource(
            AccountService accounts,
            WorkspaceService workspaces,
            TeamService team,
            IdempotentPosts posts,
            JsonWebToken token) {
        this.accounts = accounts;
        this.workspaces = workspaces;
        this.team = team;
        this.posts = posts;
        this.token = token;
    }

    @GET
    @Operation(summary = "List the workspaces the caller is a member of")
    public Uni<WorkspaceList> list() {
        Caller caller = Callers.from(token);
        return accounts.signIn(caller)
                .chain(() -> workspaces.list(caller))
                .map(all ->
                        new WorkspaceList(all.stream().map(WorkspaceView::of).toList()));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One of the caller's workspaces")
    @APIResponse(responseCode = "200", description = "The workspace")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    public Uni<WorkspaceView> get(@PathParam("id") String id) {
        Caller caller = Callers.from(token);
        return accounts.signIn(caller)
                .chain(() -> workspaces.get(caller, id))
                .map(WorkspaceView::of)
                .onFailure(WorkspaceNotFoundException.class)
                .transform(notFound -> ProblemException.notFound("Workspace", id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a team workspace owned by the caller")
    @APIResponse(responseCode = "201", description = "Created; Location names the workspace")
    @APIResponse(responseCode = "400", description = "Invalid name or body")
    @APIResponse(responseCode = "409", description = "The caller already has a workspace with this name")
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused for another request")
    public Uni<Response> create(
            @Valid @NotNull CreateWorkspaceRequest request,
            @Parameter(description = "Makes retries safe: the first response is replayed for 24 h")
                    @HeaderParam(Idempotency.HEADER)
                    String idempotencyKey,
            @Context UriInfo uri) {
        Caller caller = Callers.from(token);
        AtomicReference<WorkspaceInfo> created = new AtomicReference<>();
        return accounts.signIn(caller)
                .chain(() -> posts.execute(
                        caller.id(),
                        idempotencyKey,
                        uri,
                        request,
                        () -> workspaces
                                .createTeam(caller, request.name(), request.displayName())
                                .invoke(created::set)
                                .map(info -> Response.created(uri.getAbsolutePathBuilder()
                                                .path(info.id())
                                                .build())
                                        .entity(WorkspaceView.of(info))
                                        .build())))
                // After the commit (the idempotency helper commits when the action's Uni completes).
                .call(response ->
                        created.get() == null ? Uni.createFrom().voidItem() : workspaces.ensureResource(created.get()))
                .onFailure(WorkspaceNameTakenException.class)
                .transform(taken -> ProblemException.conflict("workspace-name-taken", taken.getMessage()));
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rename the workspace (display name; owner or manager)")
    @APIResponse(responseCode = "200", description = "The renamed workspace")
    @APIResponse(responseCode = "403", description = "A developer cannot rename")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    public Uni<WorkspaceView> rename(@PathParam("id") String id, @Valid @NotNull RenameWorkspaceRequest request) {
        Caller caller = Callers.from(token);
        return TeamProblems.map(
                accounts.signIn(caller)
                        .chain(() ->
                                team.rename(caller, id, request.displayName().strip()))
                        .call(() -> team.afterCommit(id))
                        .chain(() -> workspaces.get(caller, id))
                        .map(WorkspaceView::of),
                id);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a team workspace with its namespace and everything in it (owner only)")
    @APIResponse(responseCode = "204", description = "Deleted; the namespace is being removed")
    @APIResponse(responseCode = "403", description = "Not the owner")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    @APIResponse(responseCode = "422", description = "A personal workspace")
    public Uni<Response> delete(@PathParam("id") String id) {
        Caller caller = Callers.from(token);
        return TeamProblems.map(
                accounts.signIn(caller)
                        .chain(() -> team.deleteWorkspace(caller, id))
                        .call(() -> team.afterCommit(id))
                        .map(ignored -> Response.noContent().build()),
                id);
    }

    @POST
    @Path("{id}/leave")
    @Operation(summary = "Leave the workspace (not its owner)")
    @APIResponse(responseCode = "204", description = "Left; the caller's access is revoked")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    @APIResponse(responseCode = "422", description = "The owner must transfer ownership first")
    public Uni<Response> leave(
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
                                        team.leave(caller, id)
                                                .map(ignored ->
                                                        Response.noContent().build()),
                                        id)))
                        .call(() -> team.afterCommit(id)),
                id);
    }
}
