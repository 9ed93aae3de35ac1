package io.sealcloud.accounts.domain;

import java.util.Objects;

/**
 * Who is calling, as the validated token says: the subject and the profile claims a user is created (and refreshed)
 * from.
 */
public record Caller(String id, String username, String email, String name) {

    public Caller {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
    }
}
