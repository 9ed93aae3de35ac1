package io.sealcloud.platform.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Drives one kind towards its desired state. Level-triggered: {@link #reconcile} gets the latest object and must
 * reconcile everything every time, whatever event caused the call; it must be idempotent.
 *
 * <p>Called on a controller worker thread (never the informer thread, never a Vert.x event loop), one call per key at
 * a time. Blocking is allowed. Hibernate Reactive needs a Vert.x context that worker threads do not have: hop with
 * {@code VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> ...))}.
 *
 * @param <R> the primary kind
 */
@FunctionalInterface
public interface Reconciler<R extends HasMetadata> {

    /**
     * Reconciles the resource (a private deep copy of the informer's cached object: mutate it freely). A thrown
     * exception is logged and the key retried with per-key exponential backoff.
     */
    ReconcileResult reconcile(R resource) throws Exception;

    /**
     * Called when the key is no longer in the cache (the object is gone). Cleanup of external state belongs behind a
     * finalizer instead, because this is not called if the delete happens while the controller is not running.
     *
     * @param key {@code namespace/name}, or {@code name} for cluster-scoped kinds
     */
    default void onDeleted(String key) throws Exception {}
}
