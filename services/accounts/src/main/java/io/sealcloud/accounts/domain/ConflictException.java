package io.sealcloud.accounts.domain;

/** The request conflicts with the current state (already a member, a name taken...): 409 with {@link #slug()}. */
public class ConflictException extends RuntimeException {

    private final String slug;

    public ConflictException(String slug, String message) {
        super(message, null, false, false);
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }
}
