package io.sealcloud.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * An RFC 9457 problem detail: the body of every 4xx/5xx response ({@code application/problem+json}).
 *
 * @param type a URI naming the kind of problem ({@code https://sealcloud.io/problems/<slug>}); clients branch on it
 * @param title short human summary of the type; the same for every occurrence of the type
 * @param status the HTTP status code, repeated so the body stands alone (logs, proxies)
 * @param detail human explanation of this occurrence; never internals (stack traces, SQL, class names)
 * @param instance a URI reference of this occurrence: the request path, or {@code urn:uuid:<error id>} for 5xx
 * @param errors what exactly was wrong with the input, one entry per field or parameter; absent when not applicable
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, URI instance, List<Violation> errors) {

    /** The media type of a problem body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** Every sealcloud problem type URI starts with this. */
    public static final String TYPE_BASE = "https://sealcloud.io/problems/";

    public Problem {
        errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
    }

    /** The type URI for a slug such as {@code not-found}. */
    public static URI type(String slug) {
        return URI.create(TYPE_BASE + slug);
    }

    /** Slug for a plain HTTP status ({@code 405 → method-not-allowed}); used when nothing more specific is known. */
    public static String slugFor(int status) {
        return titleFor(status).toLowerCase(Locale.ROOT).replace(' ', '-').replace("'", "");
    }

    /** The standard reason phrase of a status, the title of problems that only restate the status. */
    public static String titleFor(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 422 -> "Unprocessable Content";
            case 423 -> "Locked";
            case 425 -> "Too Early";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> status >= 500 ? "Server Error" : "Client Error";
        };
    }

    /** A problem that only restates an HTTP status. */
    public static Problem ofStatus(int status, String detail, URI instance) {
        return new Problem(type(slugFor(status)), titleFor(status), status, detail, instance, null);
    }

    /** This problem with another {@code instance}. */
    public Problem withInstance(URI newInstance) {
        return new Problem(type, title, status, detail, newInstance, errors);
    }

    /**
     * One thing wrong with the input: either a JSON pointer (RFC 6901) into the request body such as {@code /name} or
     * {@code /members/0/role} ({@code ""} is the whole body), or the name of a query/path/header parameter.
     *
     * @param pointer JSON pointer into the request body, or null
     * @param parameter name of the offending query, path or header parameter, or null
     * @param detail what is wrong with it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Violation(String pointer, String parameter, String detail) {

        /** A violation inside the request body. */
        public static Violation atPointer(String pointer, String detail) {
            return new Violation(pointer, null, detail);
        }

        /** A violation of a query, path or header parameter. */
        public static Violation atParameter(String parameter, String detail) {
            return new Violation(null, parameter, detail);
        }
    }
}
