package io.sealcloud.accounts.api;

import io.sealcloud.accounts.domain.UserProfile;

/** A user as the API shows them. */
public record UserView(String id, String username, String email, String name) {

    static UserView of(UserProfile user) {
        return new UserView(user.id(), user.username(), user.email(), user.name());
    }
}
