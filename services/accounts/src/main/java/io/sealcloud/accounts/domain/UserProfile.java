package io.sealcloud.accounts.domain;

/** A user as the rest of the service sees it. */
public record UserProfile(String id, String username, String email, String name) {

    public static UserProfile of(User user) {
        return new UserProfile(user.id, user.username, user.email, user.name);
    }

    public static UserProfile of(Caller caller) {
        return new UserProfile(caller.id(), caller.username(), caller.email(), caller.name());
    }
}
