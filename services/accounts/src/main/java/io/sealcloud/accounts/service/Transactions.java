package io.sealcloud.accounts.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/** The caller's Hibernate Reactive session, required to be in a transaction (like {@code Outbox.append}). */
final class Transactions {

    private Transactions() {}

    static Uni<Mutiny.Session> current(String operation) {
        return Panache.getSession()
                .chain(session -> session.currentTransaction() == null
                        ? Uni.createFrom()
                                .failure(new IllegalStateException(operation
                                        + " must run inside the caller's transaction (Panache.withTransaction or"
                                        + " @WithTransaction); none is active"))
                        : Uni.createFrom().item(session));
    }
}
