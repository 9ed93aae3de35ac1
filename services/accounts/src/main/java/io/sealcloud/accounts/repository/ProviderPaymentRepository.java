package io.sealcloud.accounts.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.sealcloud.accounts.domain.ProviderPayment;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;

/** Recorded provider payments: unique per (provider, provider payment id). */
@ApplicationScoped
public class ProviderPaymentRepository implements PanacheRepositoryBase<ProviderPayment, String> {

    /** The record of this provider payment, or null. */
    public Uni<ProviderPayment> findPayment(String provider, String providerPaymentId) {
        return find("provider = ?1 and providerPaymentId = ?2", provider, providerPaymentId)
                .firstResult();
    }

    /**
     * Serializes every delivery of one provider payment until the transaction ends (a transaction-scoped advisory
     * lock on the pair), so two concurrent deliveries cannot both find no record and both act: the second sees what
     * the first recorded. Taken before any order lock, in every transaction that records a payment.
     */
    public Uni<Void> lockPaymentId(String provider, String providerPaymentId) {
        return io.quarkus.hibernate.reactive.panache.Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))) AS locked",
                                Integer.class)
                        .setParameter("key", "provider-payment:" + provider + ":" + providerPaymentId)
                        .getSingleResult())
                .replaceWithVoid();
    }

    /** The record, locked until the transaction ends (ops resolving one held payment are serialized). */
    public Uni<ProviderPayment> lock(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** One page of payments in {@code status}, oldest first, after the one with {@code afterId}'s position. */
    public Uni<List<ProviderPayment>> page(String status, ProviderPayment after, int limit) {
        return after == null
                ? find("status = ?1 order by receivedAt, id", status)
                        .page(0, limit)
                        .list()
                : find(
                                "status = ?1 and (receivedAt > ?2 or (receivedAt = ?2 and id > ?3)) order by receivedAt, id",
                                status,
                                after.receivedAt,
                                after.id)
                        .page(0, limit)
                        .list();
    }
}
