package io.sealcloud.accounts.api;

import io.sealcloud.accounts.config.AccountsConfig;
import io.sealcloud.accounts.domain.Caller;
import io.sealcloud.accounts.service.AccountService;
import io.sealcloud.accounts.service.KubeconfigService;
import io.sealcloud.platform.idempotency.Idempotency;
import io.sealcloud.platform.problem.Problem;
import io.sealcloud.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Kubeconfigs for the caller in one of their workspaces, and rotation. Issuing is deliberately not replayed under an
 * Idempotency-Key: a replay would have to store the bearer token for 24 h; issuing twice changes nothing but gives a
 * second short-lived token, so a retry is safe without it.
 */
@Path("/api/accounts/v1/workspaces/{id}/kubeconfig")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
@Tag(name = "kubeconfig")
@SecurityRequirement(name = "oidc")
public class KubeconfigResource {

    private final AccountService accounts;
    private final KubeconfigService kubeconfigs;
    private final IdempotentPosts posts;
    private final AccountsConfig config;
    private final JsonWebToken token;

    public KubeconfigResource(
            AccountService accounts,
            KubeconfigService kubeconfigs,
            IdempotentPosts posts,
            AccountsConfig config,
            JsonWebToken token) {
        this.accounts = accounts;
        this.kubeconfigs = kubeconfigs;
        this.posts = posts;
        this.config = config;
        this.token = token;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A kubeconfig for the caller's ServiceAccount in the workspace, bound to the caller's role")
    @APIResponse(responseCode = "200", description = "The kubeconfig (YAML in `kubeconfig`) and when it expires")
    @APIResponse(responseCode = "400", description = "ttlSeconds outside the allowed range")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    @APIResponse(responseCode = "503", description = "The caller's access is still being set up (Retry-After)")
    public Uni<KubeconfigView> issue(@PathParam("id") String id, KubeconfigRequest request) {
        Caller caller = Callers.from(token);
        Duration ttl = ttl(request == null ? null : request.ttlSeconds());
        return TeamProblems.map(
                accounts.signIn(caller)
                        .chain(() -> kubeconfigs.issue(caller, id, ttl))
                        .map(KubeconfigView::of),
                id);
    }

    @POST
    @Path("rotate")
    @Operation(summary = "Revoke every token of the caller's ServiceAccount in the workspace (it is recreated)")
    @APIResponse(responseCode = "202", description = "Revoked; a new kubeconfig works once the account is back")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    public Uni<Response> rotate(
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
                                        kubeconfigs
                                                .rotate(caller, id)
                                                .map(account -> Response.accepted(Map.of("serviceAccount", account))
                                                        .build()),
                                        id))),
                id);
    }

    private Duration ttl(Long seconds) {
        var settings = config.kubeconfig();
        if (seconds == null) {
            return settings.defaultTtl();
        }
        if (seconds < settings.minTtl().toSeconds()
                || seconds > settings.maxTtl().toSeconds()) {
            throw ProblemException.badRequest(
                    "ttlSeconds is out of range.",
                    List.of(Problem.Violation.atPointer(
                            "/ttlSeconds",
                            "must be between " + settings.minTtl().toSeconds() + " and "
                                    + settings.maxTtl().toSeconds())));
        }
        return Duration.ofSeconds(seconds);
    }
}
