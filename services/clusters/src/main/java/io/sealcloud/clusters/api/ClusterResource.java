package io.sealcloud.clusters.api;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.sealcloud.clusters.domain.NodePool;
import io.sealcloud.clusters.domain.WorkspaceAccess;
import io.sealcloud.clusters.service.ClusterService;
import io.sealcloud.platform.idempotency.Idempotency;
import io.sealcloud.platform.idempotency.IdempotentRequest;
import io.sealcloud.platform.problem.Problem;
import io.sealcloud.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
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
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A workspace's Kubernetes clusters: create, list, details, change (scale a pool, upgrade, hibernate, wake) and
 * delete. Every member reads; owners and managers change. A workspace the caller is not a member of is 404.
 */
@Path("/api/clusters/v1")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "clusters")
@SecurityRequirement(name = "oidc")
public class ClusterResource {

    private final ClusterService clusters;
    private final Idempotency idempotency;
    private final SecurityIdentity identity;
    private final JsonWebToken token;

    public ClusterResource(
            ClusterService clusters, Idempotency idempotency, SecurityIdentity identity, JsonWebToken token) {
        this.clusters = clusters;
        this.idempotency = idempotency;
        this.identity = identity;
        this.token = token;
    }

    @GET
    @Path("offer")
    @Operation(summary = "What the platform offers: providers, Kubernetes versions, node flavors and limits")
    public ClusterViews.Offer offer() {
        return ClusterViews.Offer.of(clusters.catalog());
    }

    @POST
    @Path("workspaces/{workspaceId}/clusters")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Create a cluster",
            description = "Checks the offer (provider, version, flavors), the workspace's suspension and its limits"
                    + " (clusters and nodes per workspace); then records the cluster, publishes cluster.provisioning"
                    + " and creates the KubeCluster, whose controller drives the engine.")
    @APIResponse(responseCode = "201", description = "Created; the engine is provisioning it")
    @APIResponse(responseCode = "400", description = "Invalid body (errors[].pointer says where)")
    @APIResponse(responseCode = "403", description = "A developer (only owners and managers manage clusters)")
    @APIResponse(responseCode = "404", description = "No such workspace (or not a member)")
    @APIResponse(responseCode = "409", description = "cluster-exists, cluster-limit-reached or workspace-suspended")
    @APIResponse(responseCode = "422", description = "node-limit-exceeded or idempotency-key-reused")
    public Uni<Response> create(
            @PathParam("workspaceId") String workspaceId,
            @Valid @NotNull ClusterRequests.Create body,
            @Parameter(description = "Makes retries safe: the first response is replayed for 24 h")
                    @HeaderParam(Idempotency.HEADER)
                    String idempotencyKey) {
        String path = base(workspaceId);
        List<NodePool> pools = body.nodePools() == null
                ? List.of()
                : body.nodePools().stream()
                        .map(p -> new NodePool(p.name(), p.flavor(), p.replicas()))
                        .toList();
        return idempotent(
                "POST",
                path,
                body,
                idempotencyKey,
                workspaceId,
                ws -> clusters.create(
                                ws,
                                subject(),
                                new ClusterService.CreateCommand(
                                        body.name(), body.provider(), body.kubernetesVersion(), pools))
                        .map(c -> Response.created(URI.create(path + "/" + c.name()))
                                .entity(ClusterViews.ClusterView.of(c, clusters.catalog()))
                                .build()));
    }

    @GET
    @Path("workspaces/{workspaceId}/clusters")
    @Operation(summary = "The workspace's clusters, by name")
    @APIResponse(responseCode = "404", description = "No such workspace (or not a member)")
    public Uni<ClusterViews.Page<ClusterViews.ClusterView>> list(
            @PathParam("workspaceId") String workspaceId,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return member(workspaceId)
                .chain(ws -> clusters.list(ws, page, size))
                .map(result -> new ClusterViews.Page<>(
                        result.items().stream()
                                .map(c -> ClusterViews.ClusterView.of(c, clusters.catalog()))
                                .toList(),
                        page,
                        size,
                        result.total()));
    }

    @GET
    @Path("workspaces/{workspaceId}/clusters/{name}")
    @Operation(summary = "A cluster: its intent, phase, conditions, versions and endpoint")
    @APIResponse(responseCode = "404", description = "No such workspace (or not a member), or cluster")
    public Uni<ClusterViews.ClusterView> get(
            @PathParam("workspaceId") String workspaceId,
            @PathParam("name") @Pattern(regexp = ClusterRequests.CLUSTER_NAME) String name) {
        return member(workspaceId)
                .chain(ws -> clusters.get(ws, name))
                .map(c -> ClusterViews.ClusterView.of(c, clusters.catalog()));
    }

    @PATCH
    @Path("workspaces/{workspaceId}/clusters/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Scale a pool, upgrade, hibernate or wake",
            description = "Exactly one of nodePool, kubernetesVersion and hibernated. An upgrade moves at most one"
                    + " minor version (a skip is refused with the version to go to first) and never down.")
    @APIResponse(responseCode = "200", description = "Changed; the engine is applying it")
    @APIResponse(responseCode = "400", description = "Invalid body, none or several changes, unknown pool or version")
    @APIResponse(responseCode = "403", description = "A developer")
    @APIResponse(responseCode = "404", description = "No such workspace (or not a member), or cluster")
    @APIResponse(
            responseCode = "409",
            description = "no-changes, cluster-deleting, cluster-hibernated (upgrade) or workspace-suspended")
    @APIResponse(responseCode = "422", description = "version-skip, version-downgrade or node-limit-exceeded")
    public Uni<Response> change(
            @PathParam("workspaceId") String workspaceId,
            @PathParam("name") @Pattern(regexp = ClusterRequests.CLUSTER_NAME) String name,
            @Valid @NotNull ClusterRequests.Change body,
            @Parameter(description = "Makes retries safe: the first response is replayed for 24 h")
                    @HeaderParam(Idempotency.HEADER)
                    String idempotencyKey) {
        int set = (body.nodePool() == null ? 0 : 1)
                + (body.kubernetesVersion() == null ? 0 : 1)
                + (body.hibernated() == null ? 0 : 1);
        if (set != 1) {
            throw ProblemException.badRequest(
                    "Give exactly one change: nodePool, kubernetesVersion or hibernated.",
                    List.of(Problem.Violation.atPointer(
                            "", "must set exactly one of nodePool, kubernetesVersion," + " hibernated")));
        }
        ClusterService.ChangeCommand cmd = new ClusterService.ChangeCommand(
                body.nodePool() == null ? null : body.nodePool().name(),
                body.nodePool() == null ? null : body.nodePool().replicas(),
                body.kubernetesVersion(),
                body.hibernated());
        return idempotent(
                "PATCH",
                base(workspaceId) + "/" + name,
                body,
                idempotencyKey,
                workspaceId,
                ws -> clusters.change(ws, subject(), name, cmd)
                        .map(c -> Response.ok(ClusterViews.ClusterView.of(c, clusters.catalog()))
                                .build()));
    }

    @DELETE
    @Path("workspaces/{workspaceId}/clusters/{name}")
    @Operation(
            summary = "Delete a cluster",
            description = "Asynchronous: the controller deletes the engine's objects and waits until they (and for"
                    + " capi the machines) are gone; then the cluster disappears and cluster.deleted is published.")
    @APIResponse(responseCode = "202", description = "Deleting")
    @APIResponse(responseCode = "403", description = "A developer")
    @APIResponse(responseCode = "404", description = "No such workspace (or not a member), or cluster")
    public Uni<Response> delete(
            @PathParam("workspaceId") String workspaceId,
            @PathParam("name") @Pattern(regexp = ClusterRequests.CLUSTER_NAME) String name) {
        return member(workspaceId)
                .chain(ws -> clusters.delete(ws, subject(), name))
                .map(c -> Response.accepted(ClusterViews.ClusterView.of(c, clusters.catalog()))
                        .build());
    }

    private Uni<Response> idempotent(
            String method,
            String path,
            Object body,
            String idempotencyKey,
            String workspaceId,
            Function<WorkspaceAccess, Uni<Response>> action) {
        IdempotentRequest request = IdempotentRequest.of(identity, method, path, body);
        return idempotency.execute(
                idempotencyKey, request, () -> member(workspaceId).<Response>chain(ws -> action.apply(ws)));
    }

    private Uni<WorkspaceAccess> member(String workspaceId) {
        return clusters.access(workspaceId, subject());
    }

    private String subject() {
        String subject = token.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new ProblemException(401, "unauthorized", "Unauthorized", "The access token has no subject.");
        }
        return subject;
    }

    private static String base(String workspaceId) {
        return "/api/clusters/v1/workspaces/" + workspaceId + "/clusters";
    }
}
