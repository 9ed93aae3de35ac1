package io.sealcloud.accounts.api;

import io.sealcloud.accounts.domain.Caller;
import io.sealcloud.accounts.service.OpsService;
import io.sealcloud.platform.idempotency.Idempotency;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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

/** Ops: find workspaces, suspend and resume them by hand, set their quota (realm role {@code ops} only; audited). */
@Path("/api/accounts/v1/ops/workspaces")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("ops")
@Tag(name = "ops")
@SecurityRequirement(name = "oidc")
public class OpsWorkspaceResource {

    private final OpsService ops;
    private final IdempotentPosts posts;
    private final JsonWebToken token;

    public OpsWorkspaceResource(OpsService ops, IdempotentPosts posts, JsonWebToken token) {
        this.ops = ops;
        this.posts = posts;
        this.token = token;
    }

    @GET
    @Operation(summary = "Workspaces whose name, display name or owner matches the query, or whose id it is (paged)")
    @APIResponse(responseCode = "200", description = "A page of workspaces with suspension and quota")
    @APIResponse(responseCode = "403", description = "Not ops")
    public Uni<PageView<OpsWorkspaceView>> search(
            @QueryParam("query") @Size(max = 200) String query,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue(Paging.DEFAULT_SIZE) @Min(1) @Max(Paging.MAX_SIZE) int size) {
        return ops.workspaces(query, page, size).map(found -> PageView.of(found, OpsWorkspaceView::of));
    }

    @POST
    @Path("{id}/suspend")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Suspend a workspace by hand (reason `ops`; a debt suspension is independent)")
    @APIResponse(responseCode = "204", description = "Suspended (the controller scales it down within seconds)")
    @APIResponse(responseCode = "403", description = "Not ops")
    @APIResponse(responseCode = "404", description = "No such workspace")
    public Uni<Response> suspend(
            @PathParam("id") String id,
            @Valid @NotNull OpsSuspendRequest request,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        Caller operator = Callers.from(token);
        return TeamProblems.map(
                posts.execute(
                                operator.id(),
                                idempotencyKey,
                                uri,
                                request,
                                () -> TeamProblems.map(
                                        ops.suspend(operator, id, request.reason())
                                                .map(ignored ->
                                                        Response.noContent().build()),
                                        id))
                        .call(() -> ops.afterCommit(id)),
                id);
    }

    @POST
    @Path("{id}/resume")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Lift the `ops` suspension (a debt suspension stays until the debt is paid)")
    @APIResponse(responseCode = "204", description = "Lifted")
    @APIResponse(responseCode = "403", description = "Not ops")
    @APIResponse(responseCode = "404", description = "No such workspace")
    public Uni<Response> resume(
            @PathParam("id") String id,
            @Valid OpsResumeRequest request,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        Caller operator = Callers.from(token);
        return TeamProblems.map(
                posts.execute(
                                operator.id(),
                                idempotencyKey,
                                uri,
                                request,
                                () -> TeamProblems.map(
                                        ops.resume(operator, id, request == null ? null : request.reason())
                                                .map(ignored ->
                                                        Response.noContent().build()),
                                        id))
                        .call(() -> ops.afterCommit(id)),
                id);
    }

    @PUT
    @Path("{id}/quota")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the workspace's quota overrides (missing values: the configured default)")
    @APIResponse(responseCode = "200", description = "The overrides now in force")
    @APIResponse(responseCode = "400", description = "A value that is no quantity or out of range")
    @APIResponse(responseCode = "403", description = "Not ops")
    @APIResponse(responseCode = "404", description = "No such workspace")
    public Uni<QuotaRequest> setQuota(@PathParam("id") String id, @Valid @NotNull QuotaRequest request) {
        Caller operator = Callers.from(token);
        return TeamProblems.map(
                ops.setQuota(operator, id, request.overrides(), request.reason())
                        .call(() -> ops.afterCommit(id))
                        .map(QuotaRequest::of),
                id);
    }
}
