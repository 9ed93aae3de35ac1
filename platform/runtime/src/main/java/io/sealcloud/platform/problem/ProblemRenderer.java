package io.sealcloud.platform.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;

/**
 * The one place that decides which problem an exception is: the Quarkus REST mappers ({@link ProblemMappers}) and the
 * Vert.x failure handler ({@link ProblemRoutes}) both ask it, so a failure looks the same wherever it surfaces.
 */
@Singleton
public class ProblemRenderer {

    private static final Logger LOG = Logger.getLogger(ProblemRenderer.class);

    /** Response headers of the original error worth keeping on the problem (the rest describe the lost body). */
    private static final Set<String> DROPPED_HEADERS = Set.of("content-type", "content-length", "transfer-encoding");

    private final ObjectMapper mapper;

    public ProblemRenderer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The problem response for a failure of the request in {@code context} (null outside an HTTP request). */
    public Uni<Response> toResponse(Throwable failure, RoutingContext context) {
        Throwable cause = unwrap(failure);
        if (cause instanceof AuthenticationFailedException
                || cause instanceof UnauthorizedException
                || cause instanceof AuthenticationCompletionException) {
            return unauthorized(cause, context);
        }
        return Uni.createFrom().item(toResponseNow(cause, context));
    }

    /** Like {@link #toResponse} for failures that need no authentication challenge. */
    Response toResponseNow(Throwable failure, RoutingContext context) {
        Throwable cause = unwrap(failure);
        URI instance = instance(context);
        if (cause instanceof ProblemException problem) {
            if (problem.status() >= 500) {
                LOG.errorf(
                        problem,
                        "%s %s failed with %d: %s",
                        method(context),
                        path(context),
                        problem.status(),
                        problem.detail());
            }
            return build(problem.toProblem(instance), problem.headers());
        }
        if (cause instanceof ConstraintViolationException violation) {
            return constraintViolation(violation, context);
        }
        if (cause instanceof ValidationException invalidConstraints) {
            // Constraint declarations themselves are broken: a bug, not bad input.
            return internalError(invalidConstraints, context);
        }
        if (cause instanceof MismatchedInputException binding) {
            // What Quarkus' JSON reader rethrows for request bodies of the wrong shape.
            return invalidBody(binding, instance);
        }
        if (cause instanceof WebApplicationException web) {
            return webApplication(web, context);
        }
        if (cause instanceof ForbiddenException || cause instanceof jakarta.ws.rs.ForbiddenException) {
            return build(
                    new Problem(
                            Problem.type("forbidden"),
                            "Forbidden",
                            403,
                            "You are not allowed to perform this operation.",
                            instance,
                            null),
                    Map.of());
        }
        return internalError(cause, context);
    }

    /** Writes the problem of {@code failure} as the response of {@code context}; used outside Quarkus REST. */
    public void write(Throwable failure, int statusCode, RoutingContext context) {
        Uni<Response> response;
        if (failure == null) {
            int status = statusCode >= 400 ? statusCode : 500;
            response = Uni.createFrom()
                    .item(build(Problem.ofStatus(status, defaultDetail(status, context), instance(context)), Map.of()));
        } else {
            response = toResponse(failure, context);
        }
        response.subscribe().with(r -> end(context, r), error -> end(context, internalError(error, context)));
    }

    private static void end(RoutingContext context, Response response) {
        if (context.response().ended()) {
            return;
        }
        var vertxResponse = context.response();
        if (!vertxResponse.headWritten()) {
            vertxResponse.setStatusCode(response.getStatus());
            response.getStringHeaders()
                    .forEach((name, values) -> vertxResponse.headers().set(name, values));
        }
        Object entity = response.getEntity();
        vertxResponse.end(entity == null ? "" : entity.toString());
    }

    private Uni<Response> unauthorized(Throwable cause, RoutingContext context) {
        URI instance = instance(context);
        String detail = cause instanceof UnauthorizedException
                ? "Authentication is required: send a bearer token in the Authorization header."
                : "The credentials are missing, invalid or expired.";
        Problem problem = new Problem(Problem.type("unauthorized"), "Unauthorized", 401, detail, instance, null);
        HttpAuthenticator authenticator = context == null ? null : context.get(HttpAuthenticator.class.getName());
        if (authenticator == null) {
            return Uni.createFrom().item(build(problem, Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer")));
        }
        // The mechanism knows its challenge (scheme, realm, error); keep it, only the body is ours.
        return authenticator.getChallenge(context).onFailure().recoverWithNull().map(challenge -> {
            if (challenge != null && challenge.status >= 300 && challenge.status < 400) {
                // A browser redirect to a login page (code flow): not ours to turn into a problem.
                Response.ResponseBuilder redirect = Response.status(challenge.status);
                challenge.getHeaders().forEach((name, value) -> redirect.header(name.toString(), value));
                return redirect.build();
            }
            return build(problem, challengeHeaders(challenge));
        });
    }

    private static Map<String, String> challengeHeaders(ChallengeData challenge) {
        if (challenge == null || challenge.getHeaders().isEmpty()) {
            return Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        // Case-insensitive: Vert.x names the challenge header "www-authenticate"; a case-sensitive map would send
        // our "WWW-Authenticate" default beside it, i.e. the challenge twice.
        var headers = new java.util.TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
        challenge.getHeaders().forEach((name, value) -> headers.put(name.toString(), value));
        headers.putIfAbsent(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return headers;
    }

    private Response constraintViolation(ConstraintViolationException violation, RoutingContext context) {
        if (violation.getConstraintViolations() == null
                || Violations.anyOnReturnValue(violation.getConstraintViolations())) {
            // The server produced an invalid result: its fault, not the caller's.
            return internalError(violation, context);
        }
        List<Problem.Violation> errors = Violations.of(violation.getConstraintViolations());
        String detail = errors.size() == 1
                ? "The request has 1 invalid value."
                : "The request has " + errors.size() + " invalid values.";
        return build(
                new Problem(Problem.type("invalid-request"), "Invalid request", 400, detail, instance(context), errors),
                Map.of());
    }

    /** True for binding errors of request input; false for those that reveal a broken server-side type. */
    private static boolean isRequestBodyError(JsonMappingException binding) {
        return !(binding instanceof InvalidDefinitionException);
    }

    private Response invalidBody(JsonMappingException binding, URI instance) {
        String pointer = Violations.pointer(binding);
        Problem.Violation violation = Problem.Violation.atPointer(pointer, describe(binding));
        return build(
                new Problem(
                        Problem.type("invalid-request"),
                        "Invalid request",
                        400,
                        "The request body does not match the expected structure.",
                        instance,
                        List.of(violation)),
                Map.of());
    }

    private Response malformedBody(JsonProcessingException syntax, URI instance) {
        JsonLocation location = syntax.getLocation();
        String where = location == null || location.getLineNr() < 0
                ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return build(
                new Problem(
                        Problem.type("malformed-json"),
                        "Malformed JSON",
                        400,
                        "The request body is not valid JSON" + where + ".",
                        instance,
                        null),
                Map.of());
    }

    /** A client-facing sentence about a binding error that names JSON types, never Java classes. */
    private static String describe(JsonMappingException binding) {
        if (binding instanceof PropertyBindingException unknown) {
            return "'" + unknown.getPropertyName() + "' is not a known property";
        }
        if (binding instanceof MismatchedInputException mismatch) {
            Class<?> target = mismatch.getTargetType();
            if (binding instanceof InvalidFormatException format && format.getValue() != null && target != null) {
                return "must be " + jsonKind(target);
            }
            return target == null ? "has the wrong type" : "must be " + jsonKind(target);
        }
        return "is not a valid value";
    }

    private static String jsonKind(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type == Integer.class
                || type == int.class
                || type == Long.class
                || type == long.class
                || type == Short.class
                || type == short.class
                || type == BigInteger.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean (true or false)";
        }
        if (type == String.class || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == UUID.class) {
            return "a UUID string";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date/time string";
        }
        if (type == BigDecimal.class) {
            return "a number";
        }
        if (type.isArray() || Iterable.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private Response webApplication(WebApplicationException web, RoutingContext context) {
        Response original = web.getResponse();
        int status = original == null ? 500 : original.getStatus();
        if (status < 400) {
            // Redirects and other non-errors pass through untouched.
            return original;
        }
        URI instance = instance(context);
        // Quarkus' JSON reader wraps syntax errors and non-mismatch binding errors in a 400.
        if (status == 400 && web.getCause() instanceof JsonMappingException binding && isRequestBodyError(binding)) {
            return invalidBody(binding, instance);
        }
        if (status == 400 && web.getCause() instanceof JsonProcessingException syntax) {
            return malformedBody(syntax, instance);
        }
        if (status >= 500) {
            return internalError(web, context, status);
        }
        Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (original != null) {
            original.getStringHeaders().forEach((name, values) -> {
                if (!DROPPED_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !values.isEmpty()) {
                    headers.put(name, String.join(", ", values));
                }
            });
        }
        if (status == 401) {
            headers.putIfAbsent(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        String detail = isDefaultMessage(web) ? defaultDetail(status, context) : web.getMessage();
        return build(Problem.ofStatus(status, detail, instance), headers);
    }

    /** Quarkus' own WebApplicationExceptions say only "HTTP 404 Not Found": we can say more. */
    private static boolean isDefaultMessage(WebApplicationException web) {
        String message = web.getMessage();
        return message == null || message.isBlank() || message.startsWith("HTTP ");
    }

    private static String defaultDetail(int status, RoutingContext context) {
        String method = method(context);
        String path = path(context);
        return switch (status) {
            case 404 -> "There is no resource at " + path + ".";
            case 405 -> method + " is not allowed on " + path + ".";
            case 406 ->
                "None of the media types in the Accept header (" + header(context, "Accept") + ") can be produced for "
                        + path + ".";
            case 415 ->
                "The media type " + header(context, "Content-Type") + " is not supported by " + method + " " + path
                        + ".";
            case 401 -> "The credentials are missing, invalid or expired.";
            case 403 -> "You are not allowed to perform this operation.";
            case 413 -> "The request body is too large.";
            default -> Problem.titleFor(status) + ".";
        };
    }

    private Response internalError(Throwable failure, RoutingContext context) {
        return internalError(failure, context, 500);
    }

    private Response internalError(Throwable failure, RoutingContext context, int status) {
        // The caller gets an id to quote; the log gets the id and everything else.
        UUID errorId = UUID.randomUUID();
        LOG.errorf(failure, "Error %s: %s %s failed with %d", errorId, method(context), path(context), status);
        Problem problem = new Problem(
                Problem.type(status == 500 ? "internal-error" : Problem.slugFor(status)),
                Problem.titleFor(status),
                status,
                "The server could not complete the request. Quote error id " + errorId + " when reporting it.",
                URI.create("urn:uuid:" + errorId),
                null);
        return build(problem, Map.of());
    }

    /** A problem+json response; the body is serialized here so no writer negotiation (Accept) can refuse it. */
    public Response build(Problem problem, Map<String, String> headers) {
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException impossible) {
            body = "{\"status\":" + problem.status() + "}";
        }
        Response.ResponseBuilder builder = Response.status(problem.status());
        headers.forEach(builder::header);
        return builder.header(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .entity(body)
                .build();
    }

    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; depth < 10 && current != null; depth++) {
            if (current instanceof CompositeException composite
                    && !composite.getCauses().isEmpty()) {
                current = composite.getCauses().get(0);
            } else if (current instanceof CompletionException && current.getCause() != null) {
                current = current.getCause();
            } else {
                break;
            }
        }
        return current;
    }

    static URI instance(RoutingContext context) {
        if (context == null) {
            return null;
        }
        try {
            return URI.create(context.request().path());
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }

    private static String method(RoutingContext context) {
        return context == null ? "?" : context.request().method().name();
    }

    private static String path(RoutingContext context) {
        return context == null ? "?" : context.request().path();
    }

    private static String header(RoutingContext context, String name) {
        String value = context == null ? null : context.request().getHeader(name);
        return value == null ? "(none)" : value;
    }
}
