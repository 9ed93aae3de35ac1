package io.sealcloud.testkit;

import java.util.Objects;

/** A user created in realm {@code sealcloud} for one test: its Keycloak id (the token's {@code sub}) and password. */
public final class TestUser {

    private final String id;
    private final String username;
    private final String password;
    private final KeycloakRealm realm;

    TestUser(String id, String username, String password, KeycloakRealm realm) {
        this.id = Objects.requireNonNull(id);
        this.username = Objects.requireNonNull(username);
        this.password = Objects.requireNonNull(password);
        this.realm = Objects.requireNonNull(realm);
    }

    /** Keycloak's user id: the {@code sub} claim of this user's tokens. */
    public String id() {
        return id;
    }

    /** The username as Keycloak stores it (lower case): the {@code preferred_username} claim. */
    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** {@code <username>@example.com}, verified: the {@code email} claim. */
    public String email() {
        return username + "@example.com";
    }

    /** A fresh access token for this user from client {@code sealcloud-web} (direct grant): a bearer for the API. */
    public String token() {
        return realm.passwordToken(username, password);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TestUser user && user.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "TestUser[" + username + " " + id + "]";
    }
}
