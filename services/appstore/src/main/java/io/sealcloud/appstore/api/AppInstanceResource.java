package io.sealcloud.appstore.api;

import io.sealcloud.appstore.domain.workspace.WorkspaceFacts;
import io.sealcloud.appstore.service.AppInstanceService;
import io.sealcloud.platform.idempotency.Idempotency;
import io.sealcloud.platform.idempotency.IdempotentRequest;
import io.sealcloud.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.function.Function;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Apps installed in a workspace: install, list, details, upgrade (with a preview), rollback, revisions and uninstall.
 * Every member may read; owners, managers and developers may install, upgrade, roll back and uninstall; only owners
 * and managers may uninstall deleting the app's volumes. A workspace the caller is not a member of is 404. Callers
 * need the realm role {@code user} (every person has it; a client that only holds {@code partner} does not).
 */
@Path("/api/appstore/v1/workspaces/{workspaceId}/apps")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
@Tag(name = "apps")
@SecurityRequirement(name = "oidc")
public class AppInstanceResource {

    private static final String NAME = "^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$";

    private final AppInstanceService apps;
    private final Idempotency idempotency;
    private final JsonWebToken token;

    public AppInstanceResource(AppInstanceService apps, Idempotency idempotency, JsonWebToken token) {
        this.apps = apps;
        this.idempotency = idempotency;
        this.token = token;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Install a template version",
            description = "Validates the inputs, renders the template, checks the tenant policy, the workspace's "
                    + "suspension and its ResourceQuota before anything is created; then records revision 1 and "
                    + "creates the AppInstance, whose controller applies the objects.")
    @APIResponse(responseCode = "201", description = "Installed; the controller is applying it (state progressing)")
    @APIResponse(responseCode = "400", description = "invalid-inputs (errors[].pointer = /inputs/<name>) or bad body")
    @APIResponse(responseCode = "404", description = "No such workspace (or not a member), template or version")
    @APIResponse(responseCode = "409", description = "workspace-suspended, instance-exists or version-withdrawn")
    @APIResponse(responseCode = "422", description = "object-not-allowed, quota-exceeded or template-render-failed")
    public Uni<Response> install(
            @PathParam("workspaceId") String workspaceId,
            @Valid @NotNull AppRequests.Install body,
            @Parameter(description = "Makes retries safe: the first response is replayed for 24 h")
                    @HeaderParam(Idempotency.HEADER)
                    String idempotencyKey) {
        String path = base(workspaceId);
        return mutate(
                workspaceId,
                idempotencyKey,
                path,
                body,
                ws -> apps.install(
                                ws,
                                subject(),
                                new AppInstanceService.InstallCommand(
                                        body.template(), body.version(), body.name(), body.inputs(), body.pvcPolicy()))
                        .chain(current -> apps.live(ws, current.instance().key.name)
                                .map(live -> Response.created(URI.create(path + "/" + current.instance().key.name))
                                        .entity(AppViews.Detail.of(current, apps, live))
                                        .build())));
    }

    @GET
    @Operation(summary = "The workspace's apps, by name")
    public Uni<AppViews.Page<AppViews.Summary>> list(
            @PathParam("workspaceId") String workspaceId,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return member(workspaceId)
                .chain(ws -> apps.list(ws, page, size))
                .map(result -> new AppViews.Page<>(
                        result.items().stream().map(AppViews.Summary::of).toList(), page, size, result.total()));
    }

    @GET
    @Path("{name}")
    @Operation(summary = "An app with its input values, conditions and objects")
    @APIResponse(responseCode = "404", description = "No such workspace (or not a member), or app")
    public Uni<AppViews.Detail> get(
            @PathParam("workspaceId") String workspaceId, @PathParam("name") @Pattern(regexp = NAME) String name) {
        return member(workspaceId)
                .chain(ws -> apps.current(ws, name)
                        .chain(current -> apps.live(ws, name).map(live -> AppViews.Detail.of(current, apps, live))));
    }

    @GET
    @Path("{name}/revisions")
    @Operation(summary = "The app's kept revisions, newest first")
    public Uni<AppViews.Page<AppViews.RevisionView>> revisions(
            @PathParam("workspaceId") String workspaceId,
            @PathParam("name") @Pattern(regexp = NAME) String name,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return member(workspaceId)
                .chain(ws -> apps.current(ws, name)
                        .chain(current -> apps.revisions(ws, name, page, size)
                                .map(result -> new AppViews.Page<>(
                                        result.items().stream()
                                                .map(r -> AppViews.RevisionView.of(r, current.instance().revision))
                                                .toList(),
                                        page,
                                        size,
                                        result.total()))));
    }

    @POST
    @Path("{name}/upgrade-previews")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Preview an upgrade",
            description = "Renders the upgrade (same seed: generated names and passwords stay) and diffs input values "
                    + "and objects with the current revision. Stores and applies nothing (no Idempotency-Key needed).")
    public Uni<AppViews.PreviewView> preview(
            @PathParam("workspaceId") String workspaceId,
            @PathParam("name") @Pattern(regexp = NAME) String name,
            @Valid @NotNull AppRequests.Upgrade body) {
        return member(workspaceId)
                .chain(ws -> apps.preview(ws, name, command(body)))
                .map(AppViews.PreviewView::of);
    }

    @POST
    @Path("{name}/upgrades")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Upgrade to a chosen version and/or inputs",
            description = "Atomic: when the new revision is not Ready within timeoutSeconds (default 5 minutes) the "
                    + "controller rolls back to the previous revision by itself (recorded as an auto-rollback "
                    + "revision). The version changes only when asked.")
    @APIResponse(responseCode = "200", description = "The new revision is being applied")
    @APIResponse(
            responseCode = "409",
            description = "workspace-suspended, no-changes, version-withdrawn, instance-uninstalling")
    public Uni<Response> upgrade(
            @PathParam("workspaceId") String workspaceId,
            @PathParam("name") @Pattern(regexp = NAME) String name,
            @Valid @NotNull AppRequests.Upgrade body,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return mutate(
                workspaceId,
                idempotencyKey,
                base(workspaceId) + "/" + name + "/upgrades",
                body,
                ws -> apps.upgrade(ws, subject(), name, command(body))
                        .chain(current -> apps.live(ws, name)
                                .map(live -> Response.ok(AppViews.Detail.of(current, apps, live))
                                        .build())));
    }

    @POST
    @Path("{name}/rollbacks")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Roll back to a kept revision",
            description = "Re-applies the revision's version, inputs and objects as a new revision.")
    @APIResponse(responseCode = "404", description = "No such revision (only the last 10 are kept)")
    public Uni<Response> rollback(
            @PathParam("workspaceId") String workspaceId,
            @PathParam("name") @Pattern(regexp = NAME) String name,
            @Valid @NotNull AppRequests.Rollback body,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return mutate(
                workspaceId,
                idempotencyKey,
                base(workspaceId) + "/" + name + "/rollbacks",
                body,
                ws -> apps.rollback(ws, subject(), name, body.revision())
                        .chain(current -> apps.live(ws, name)
                                .map(live -> Response.ok(AppViews.Detail.of(current, apps, live))
                                        .build())));
    }

    @DELETE
    @Path("{name}")
    @Operation(
            summary = "Uninstall",
            description = "Deletes every object of the app. pvcPolicy=delete deletes its volume claims too (owners and "
                    + "managers only); keep leaves them, released from the app. Completion is asynchronous: the app "
                    + "disappears from the list and app.uninstalled is published when nothing is left.")
    @APIResponse(responseCode = "202", description = "Uninstalling")
    @APIResponse(responseCode = "403", description = "pvcPolicy=delete by a developer")
    public Uni<Response> uninstall(
            @PathParam("workspaceId") String workspaceId,
            @PathParam("name") @Pattern(regexp = NAME) String name,
            @Parameter(description = "delete or keep the app's persistent volume claims", required = true)
                    @QueryParam("pvcPolicy")
                    @NotNull
                    @Pattern(regexp = "^(keep|delete)$")
                    String pvcPolicy) {
        return member(workspaceId).chain(ws -> {
            if ("delete".equals(pvcPolicy) && !ws.mayDeleteData()) {
                throw ProblemException.forbidden(
                        "Deleting an app's volumes destroys its data: only owners and managers may; use pvcPolicy=keep.");
            }
            return apps.uninstall(ws, name, pvcPolicy)
                    .map(row -> Response.accepted(AppViews.Summary.of(row)).build());
        });
    }

    private Uni<Response> mutate(
            String workspaceId,
            String idempotencyKey,
            String path,
            Object body,
            Function<WorkspaceFacts, Uni<Response>> action) {
        // Keys are the caller's by subject: a username can change hands (deleted and registered again), a subject not.
        IdempotentRequest request = new IdempotentRequest(subject(), "POST", path, body);
        return idempotency.execute(
                idempotencyKey,
                request,
                () -> member(workspaceId).chain(ws -> {
                    if (!ws.mayDeploy()) {
                        throw ProblemException.forbidden("Your role in this workspace may not change its apps.");
                    }
                    return action.apply(ws);
                }));
    }

    private Uni<WorkspaceFacts> member(String workspaceId) {
        return apps.access(workspaceId, subject());
    }

    private String subject() {
        String subject = token.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new ProblemException(401, "unauthorized", "Unauthorized", "The access token has no subject.");
        }
        return subject;
    }

    private static AppInstanceService.UpgradeCommand command(AppRequests.Upgrade body) {
        return new AppInstanceService.UpgradeCommand(body.version(), body.inputs(), body.timeoutSeconds());
    }

    private static String base(String workspaceId) {
        return "/api/appstore/v1/workspaces/" + workspaceId + "/apps";
    }
}
