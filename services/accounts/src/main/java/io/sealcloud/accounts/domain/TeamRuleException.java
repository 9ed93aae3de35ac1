package io.sealcloud.accounts.domain;

/**
 * A well-formed request that the team rules refuse (inviting an owner, the owner leaving, a personal workspace's
 * members...): the API answers 422 with {@link #slug()} as the problem type.
 */
public class TeamRuleException extends RuntimeException {

    private final String slug;

    public TeamRuleException(String slug, String message) {
        super(message, null, false, false);
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }
}
