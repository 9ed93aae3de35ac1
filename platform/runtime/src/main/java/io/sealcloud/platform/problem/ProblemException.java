package io.sealcloud.platform.problem;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exception services and resources throw to answer with a specific problem; the problem mappers render it as
 * {@code application/problem+json} with its status.
 *
 * <p>Prefer the factories ({@link #notFound}, {@link #conflict}, {@link #badRequest}, {@link #unprocessable}); give a
 * dedicated slug when clients must tell this problem apart from others with the same status (for example {@code
 * workspace-name-taken} rather than just {@code conflict}).
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final String detail;
    private final List<Problem.Violation> errors;
    private final Map<String, String> headers;

    public ProblemException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, List.of());
    }

    public ProblemException(int status, String slug, String title, String detail, List<Problem.Violation> errors) {
        this(status, slug, title, detail, errors, Map.of());
    }

    /** The full form; {@code headers} go on the response as they are (e.g. {@code Retry-After}, {@code Allow}). */
    public ProblemException(
            int status,
            String slug,
            String title,
            String detail,
            List<Problem.Violation> errors,
            Map<String, String> headers) {
        // 4xx are answers, not faults: no stack trace to fill or log. 5xx keep theirs for the log.
        super(detail, null, false, status >= 500);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem needs a 4xx or 5xx status, not " + status);
        }
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.detail = detail;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** 404: the {@code kind} with this id does not exist (or the caller may not know it exists). */
    public static ProblemException notFound(String kind, Object id) {
        return new ProblemException(404, "not-found", "Not Found", kind + " '" + id + "' was not found");
    }

    /** 409 with the generic {@code conflict} type. */
    public static ProblemException conflict(String detail) {
        return conflict("conflict", detail);
    }

    /** 409 with a specific type such as {@code workspace-name-taken}. */
    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(409, slug, "Conflict", detail);
    }

    /** 400 with the generic {@code bad-request} type. */
    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "bad-request", "Bad Request", detail);
    }

    /** 400 naming what is wrong with each field or parameter. */
    public static ProblemException badRequest(String detail, List<Problem.Violation> errors) {
        return new ProblemException(400, "invalid-request", "Invalid request", detail, errors);
    }

    /** 422 with the generic {@code unprocessable} type: well-formed input that cannot be carried out. */
    public static ProblemException unprocessable(String detail) {
        return unprocessable("unprocessable", detail);
    }

    /** 422 with a specific type such as {@code insufficient-balance}. */
    public static ProblemException unprocessable(String slug, String detail) {
        return new ProblemException(422, slug, "Unprocessable Content", detail);
    }

    /** 403: authenticated, but not allowed to do this. */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public List<Problem.Violation> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The same problem with one more response header. */
    public ProblemException withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ProblemException(status, slug, title, detail, errors, more);
    }

    /** The problem body for this exception at {@code instance}. */
    public Problem toProblem(URI instance) {
        return new Problem(Problem.type(slug), title, status, detail, instance, errors);
    }
}
