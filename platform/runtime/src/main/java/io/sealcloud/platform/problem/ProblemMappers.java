package io.sealcloud.platform.problem;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Quarkus REST exception mappers that render every error a resource raises as RFC 9457 problem+json.
 *
 * <p>They run at {@link #PRIORITY}, ahead of the built-in mappers of Quarkus REST, Hibernate Validator and Quarkus
 * Security for the same exception types (which answer with other bodies or none). A service that needs a different
 * answer for one of its own exception types maps that type; to replace one of these, use a lower priority number.
 */
public class ProblemMappers {

    /** Lower number wins: ahead of the built-ins at {@code USER} and {@code USER + 1}. */
    public static final int PRIORITY = Priorities.USER - 100;

    private final ProblemRenderer renderer;
    private final CurrentVertxRequest request;

    public ProblemMappers(ProblemRenderer renderer, CurrentVertxRequest request) {
        this.renderer = renderer;
        this.request = request;
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Uni<Response> problem(ProblemException exception) {
        return render(exception);
    }

    /** Bean Validation of parameters and bodies (ConstraintViolationException is a ValidationException). */
    @ServerExceptionMapper(priority = PRIORITY)
    public Uni<Response> validation(ValidationException exception) {
        return render(exception);
    }

    /**
     * Binding errors the JSON reader rethrows as they are (wrong types, unknown properties); named explicitly because
     * Quarkus maps MismatchedInputException itself. Other Jackson errors reach {@link #web} wrapped in a 400.
     */
    @ServerExceptionMapper(priority = PRIORITY)
    public Uni<Response> binding(MismatchedInputException exception) {
        return render(exception);
    }

    /** 404 unknown path, 405, 406, 415, malformed JSON, and whatever resources throw as WebApplicationException. */
    @ServerExceptionMapper(priority = PRIORITY)
    public Uni<Response> web(WebApplicationException exception) {
        return render(exception);
    }

    @ServerExceptionMapper(
            priority = PRIORITY,
            value = {
                AuthenticationFailedException.class,
                UnauthorizedException.class,
                AuthenticationCompletionException.class,
                ForbiddenException.class
            })
    public Uni<Response> security(RuntimeException exception) {
        return render(exception);
    }

    /** Anything else is a server fault: 500 with an error id, details only in the log. */
    @ServerExceptionMapper(priority = PRIORITY)
    public Uni<Response> unexpected(Exception exception) {
        return render(exception);
    }

    private Uni<Response> render(Throwable exception) {
        return renderer.toResponse(exception, request.getCurrent());
    }
}
