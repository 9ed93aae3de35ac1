package io.sealcloud.platform.idempotency;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.Objects;

/**
 * What identifies one request for {@link Idempotency}: keys are scoped per principal, and a key may only be reused
 * for the same method, path and body.
 *
 * @param principal the caller's user id ({@code sub}), or {@value #ANONYMOUS}
 * @param method HTTP method, e.g. {@code POST}
 * @param path request path, e.g. {@code /api/workspaces}
 * @param body the deserialized request body (a record, a map, a JsonNode, or null); compared as canonical JSON
 */
public record IdempotentRequest(String principal, String method, String path, Object body) {

    /** Principal of unauthenticated callers: they share one key space. */
    public static final String ANONYMOUS = "anonymous";

    public IdempotentRequest {
        principal = principal == null || principal.isBlank() ? ANONYMOUS : principal;
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
    }

    /** A request of the caller behind {@code identity} (anonymous identities map to {@value #ANONYMOUS}). */
    public static IdempotentRequest of(SecurityIdentity identity, String method, String path, Object body) {
        return new IdempotentRequest(principalOf(identity), method, path, body);
    }

    /** The principal name of {@code identity}, or {@value #ANONYMOUS}. */
    public static String principalOf(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || identity.getPrincipal() == null) {
            return ANONYMOUS;
        }
        return identity.getPrincipal().getName();
    }
}
