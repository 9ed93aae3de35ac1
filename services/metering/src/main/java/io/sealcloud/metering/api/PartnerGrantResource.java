package io.sealcloud.metering.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.security.identity.SecurityIdentity;
import io.sealcloud.metering.repository.PartnerGrantRepository.Grant;
import io.sealcloud.metering.service.PartnerGrantService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The partner clients a workspace lets report usage for it ({@code POST /events} refuses, per event, usage for a
 * workspace that has not granted the sending client). The owner (or an operator) grants and revokes; members read;
 * for anyone else the workspace does not exist (404).
 */
@Path("/api/metering/v1/workspaces/{id}/partners")
@RolesAllowed({"user", "ops"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "partner grants")
@SecurityRequirement(name = "oidc")
public class PartnerGrantResource {

    private final PartnerGrantService grants;
    private final JsonWebToken token;
    private final SecurityIdentity identity;

    public PartnerGrantResource(PartnerGrantService grants, JsonWebToken token, SecurityIdentity identity) {
        this.grants = grants;
        this.token = token;
        this.identity = identity;
    }

    /** One grant. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GrantView(String workspaceId, String clientId, String grantedBy, Instant grantedAt) {
        static GrantView of(Grant g) {
            return new GrantView(g.workspaceId(), g.clientId(), g.grantedBy(), g.grantedAt());
        }
    }

    /** The workspace's grants, by client id. */
    public record GrantList(List<GrantView> items) {}

    @GET
    @Operation(summary = "The partner clients allowed to report usage for the workspace")
    @APIResponse(responseCode = "200", description = "The grants")
    @APIResponse(responseCode = "404", description = "No such workspace, or the caller is not a member")
    public Uni<GrantList> list(@PathParam("id") String id) {
        return grants.list(id, token.getSubject(), isOperator())
                .map(list -> new GrantList(list.stream().map(GrantView::of).toList()));
    }

    @PUT
    @Path("{clientId}")
    @Operation(summary = "Allow a partner client (by its client id) to report usage for the workspace: owner or ops")
    @APIResponse(responseCode = "201", description = "Granted")
    @APIResponse(responseCode = "200", description = "Already granted (the first grant is kept)")
    @APIResponse(responseCode = "400", description = "Not a partner client id")
    @APIResponse(responseCode = "403", description = "The caller is a member but not the owner")
    @APIResponse(responseCode = "404", description = "No such workspace, or the caller is not a member")
    public Uni<Response> grant(@PathParam("id") String id, @PathParam("clientId") String clientId) {
        return grants.grant(id, clientId, token.getSubject(), isOperator())
                .map(g -> Response.status(g.created() ? 201 : 200)
                        .entity(GrantView.of(g.grant()))
                        .type(MediaType.APPLICATION_JSON)
                        .build());
    }

    @DELETE
    @Path("{clientId}")
    @Operation(summary = "Stop a partner client from reporting usage for the workspace: owner or ops")
    @APIResponse(responseCode = "204", description = "Revoked (or was not granted)")
    @APIResponse(responseCode = "400", description = "Not a partner client id")
    @APIResponse(responseCode = "403", description = "The caller is a member but not the owner")
    @APIResponse(responseCode = "404", description = "No such workspace, or the caller is not a member")
    public Uni<Response> revoke(@PathParam("id") String id, @PathParam("clientId") String clientId) {
        return grants.revoke(id, clientId, token.getSubject(), isOperator())
                .map(ignored -> Response.noContent().build());
    }

    private boolean isOperator() {
        return identity.hasRole("ops");
    }
}
