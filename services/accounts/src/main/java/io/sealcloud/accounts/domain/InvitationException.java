package io.sealcloud.accounts.domain;

/**
 * An invitation code that cannot be used: unknown ({@link Kind#NOT_FOUND}, 404), used, declined or revoked ({@link
 * Kind#USED}, 410), expired ({@link Kind#EXPIRED}, 410), or issued for another email address ({@link
 * Kind#EMAIL_MISMATCH}, 403).
 */
public class InvitationException extends RuntimeException {

    /** Why the code cannot be used. */
    public enum Kind {
        NOT_FOUND,
        USED,
        EXPIRED,
        EMAIL_MISMATCH
    }

    private final Kind kind;

    public InvitationException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
