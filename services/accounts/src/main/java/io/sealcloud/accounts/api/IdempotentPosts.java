package io.sealcloud.accounts.api;

import io.sealcloud.platform.idempotency.Idempotency;
import io.sealcloud.platform.idempotency.IdempotentRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.function.Supplier;

/**
 * Runs a mutating POST under its {@code Idempotency-Key} (runtime's {@link Idempotency}): the stored answer is keyed by
 * the caller, the request path and the body, so a replay with the same key answers what the first call answered and
 * the same key with another body or path is refused (422 {@code idempotency-key-reused}). No key: the action runs.
 */
@ApplicationScoped
public class IdempotentPosts {

    private final Idempotency idempotency;

    public IdempotentPosts(Idempotency idempotency) {
        this.idempotency = idempotency;
    }

    /**
     * @param callerId who calls (replays are per caller)
     * @param idempotencyKey the header's value, null when absent
     * @param uri the request's URI (its path is part of the key)
     * @param body the parsed request body, null when there is none
     * @param action the POST itself, run at most once per key
     */
    public Uni<Response> execute(
            String callerId, String idempotencyKey, UriInfo uri, Object body, Supplier<Uni<Response>> action) {
        return idempotency.execute(
                idempotencyKey, new IdempotentRequest(callerId, "POST", uri.getPath(), body), action);
    }
}
