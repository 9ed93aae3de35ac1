package io.sealcloud.clusters.domain;

/**
 * A request the platform's offer or the workspace's limits refuse. {@code kind} says how bad input is told apart from
 * a state conflict; the service turns it into a problem (400, 409 or 422) with {@code slug} and {@code pointer}.
 */
public class ClusterRuleException extends RuntimeException {

    /** What kind of refusal. */
    public enum Kind {
        /** The request itself is wrong (400). */
        INVALID,
        /** The request is fine but the cluster's or workspace's state does not allow it now (409). */
        CONFLICT,
        /** Well-formed, but beyond what is offered or allowed (422). */
        UNPROCESSABLE
    }

    private final Kind kind;
    private final String slug;
    private final String pointer;

    public ClusterRuleException(Kind kind, String slug, String pointer, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.slug = slug;
        this.pointer = pointer;
    }

    public Kind kind() {
        return kind;
    }

    public String slug() {
        return slug;
    }

    /** JSON pointer into the request body, or null. */
    public String pointer() {
        return pointer;
    }
}
