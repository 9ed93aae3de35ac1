package io.sealcloud.accounts.api;

import io.sealcloud.accounts.service.OpsService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Ops: find users (realm role {@code ops} only). */
@Path("/api/accounts/v1/ops/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("ops")
@Tag(name = "ops")
@SecurityRequirement(name = "oidc")
public class OpsUserResource {

    private final OpsService ops;

    public OpsUserResource(OpsService ops) {
        this.ops = ops;
    }

    @GET
    @Operation(summary = "Users whose username, email or name contains the query, or whose id it is (paged)")
    @APIResponse(responseCode = "200", description = "A page of users")
    @APIResponse(responseCode = "403", description = "Not ops")
    public Uni<PageView<UserView>> search(
            @QueryParam("query") @Size(max = 200) String query,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue(Paging.DEFAULT_SIZE) @Min(1) @Max(Paging.MAX_SIZE) int size) {
        return ops.users(query, page, size).map(found -> PageView.of(found, UserView::of));
    }
}
