package io.sealcloud.accounts.api;

import io.sealcloud.accounts.domain.Caller;
import io.sealcloud.accounts.service.AccountService;
import io.sealcloud.accounts.service.TeamService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A workspace's audit log, for its owner. */
@Path("/api/accounts/v1/workspaces/{id}/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
@Tag(name = "audit")
@SecurityRequirement(name = "oidc")
public class WorkspaceAuditResource {

    private final AccountService accounts;
    private final TeamService team;
    private final JsonWebToken token;

    public WorkspaceAuditResource(AccountService accounts, TeamService team, JsonWebToken token) {
        this.accounts = accounts;
        this.team = team;
        this.token = token;
    }

    @GET
    @Operation(summary = "Who did what in the workspace, newest first (paged; owner only)")
    @APIResponse(responseCode = "200", description = "A page of entries")
    @APIResponse(responseCode = "403", description = "Not the owner")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    public Uni<PageView<AuditEntryView>> list(
            @PathParam("id") String id,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue(Paging.DEFAULT_SIZE) @Min(1) @Max(Paging.MAX_SIZE) int size) {
        Caller caller = Callers.from(token);
        return TeamProblems.map(
                accounts.signIn(caller)
                        .chain(() -> team.auditLog(caller, id, page, size))
                        .map(entries -> PageView.of(entries, AuditEntryView::of)),
                id);
    }
}
