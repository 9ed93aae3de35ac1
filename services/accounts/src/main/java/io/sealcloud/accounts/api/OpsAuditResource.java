package io.sealcloud.accounts.api;

import io.sealcloud.accounts.domain.AuditQuery;
import io.sealcloud.accounts.service.AuditLog;
import io.sealcloud.platform.problem.Problem;
import io.sealcloud.platform.problem.ProblemException;
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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Ops: the whole audit log, filtered by actor, workspace and time (realm role {@code ops} only). */
@Path("/api/accounts/v1/ops/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("ops")
@Tag(name = "ops")
@SecurityRequirement(name = "oidc")
public class OpsAuditResource {

    private final AuditLog audit;

    public OpsAuditResource(AuditLog audit) {
        this.audit = audit;
    }

    @GET
    @Operation(summary = "Audit log entries, newest first (paged); from inclusive, to exclusive (RFC 3339)")
    @APIResponse(responseCode = "200", description = "A page of entries")
    @APIResponse(responseCode = "400", description = "A malformed time")
    @APIResponse(responseCode = "403", description = "Not ops")
    public Uni<PageView<AuditEntryView>> search(
            @QueryParam("actor") @Size(max = 255) String actor,
            @QueryParam("workspaceId") @Size(max = 40) String workspaceId,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue(Paging.DEFAULT_SIZE) @Min(1) @Max(Paging.MAX_SIZE) int size) {
        AuditQuery query = new AuditQuery(
                blankToNull(actor), blankToNull(workspaceId), time("from", from), time("to", to), page, size);
        return audit.find(query).map(entries -> PageView.of(entries, AuditEntryView::of));
    }

    private static Instant time(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(
                    "Invalid time.",
                    List.of(Problem.Violation.atParameter(
                            parameter, "must be an RFC 3339 time such as 2026-11-25T10:00:00Z")));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
