package io.sealcloud.platform.problem;

import io.quarkus.security.AuthenticationFailedException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Test-only endpoints that fail in each way the problem mappers must render. */
@Path("/test/web/problems")
@Produces(MediaType.APPLICATION_JSON)
public class ProblemTestResource {

    @GET
    @Path("/conflict")
    public String conflict() {
        throw ProblemException.conflict("widget-name-taken", "A widget named 'w' already exists.");
    }

    @GET
    @Path("/crash")
    public String crash() {
        throw new IllegalStateException("secret-internal-detail: connection to db-7.internal refused");
    }

    @GET
    @Path("/invalid-result")
    @NotNull
    public String invalidResult() {
        return null;
    }

    @GET
    @Path("/authentication-failed")
    public String authenticationFailed() {
        // What lazy (non-proactive) authentication raises inside Quarkus REST for a bad token.
        throw new AuthenticationFailedException("test: token expired");
    }

    @GET
    @Path("/ops")
    @RolesAllowed("ops")
    public String opsOnly() {
        return "{\"ok\":true}";
    }

    @GET
    @Path("/public")
    public String everyone() {
        return "{\"ok\":true}";
    }
}
