package io.sealcloud.platform.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * Drives one kind towards its desired state. Level-triggered: {@link #reconcile} gets the latest object and must
 * reconcile everything every time, whatever event caused the call; it must be idempotent.
 *
 * <p>Called on a controller worker thread (never the informer thread, never a Vert.x event loop), one call per key at
 * a time. Blocking is allowed. Hibernate Reactive needs a Vert.x context that worker threads do not have: hop with
 * {@link #awaitOnVertx}{@code (() -> Panache.withTransaction(() -> ...))}.
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

    /**
     * Runs reactive work (Hibernate Reactive, the outbox) on a new duplicated Vert.x context and blocks the worker
     * thread until it completes: {@code VertxContextSupport.subscribeAndAwait} with checked exceptions only. Never call
     * it on an event loop.
     */
    static <T> T awaitOnVertx(Supplier<Uni<T>> work) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
