package io.sealcloud.accounts.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.sealcloud.accounts.domain.CreditGrant;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** Expiring credit grants. */
@ApplicationScoped
public class CreditGrantRepository implements PanacheRepositoryBase<CreditGrant, String> {

    /** The account's grants with credit left, earliest expiry first (the order credit is spent in). */
    public Uni<List<CreditGrant>> active(String accountId) {
        return list("accountId = ?1 and remainingMicros > 0 order by expiresAt, entryId", accountId);
    }

    /** The account's grants with credit left whose expiry has come. */
    public Uni<List<CreditGrant>> due(String accountId, Instant now) {
        return list(
                "accountId = ?1 and remainingMicros > 0 and expiresAt <= ?2 order by expiresAt, entryId",
                accountId,
                now);
    }

    /** Accounts with expired credit left (for the periodic expiry). */
    public Uni<List<String>> accountsWithDueCredit(Instant now, int limit) {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                "select distinct g.accountId from CreditGrant g"
                                        + " where g.remainingMicros > 0 and g.expiresAt <= :now",
                                String.class)
                        .setParameter("now", now)
                        .setMaxResults(limit)
                        .getResultList());
    }
}
