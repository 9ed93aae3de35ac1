package io.sealcloud.accounts.domain;

/**
 * An ownership offer that cannot be acted on: there is none pending ({@link Kind#NOT_FOUND}, 404), or it expired
 * ({@link Kind#EXPIRED}, 410).
 */
public class OwnershipTransferException extends RuntimeException {

    /** Why the offer cannot be used. */
    public enum Kind {
        NOT_FOUND,
        EXPIRED
    }

    private final Kind kind;

    public OwnershipTransferException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
