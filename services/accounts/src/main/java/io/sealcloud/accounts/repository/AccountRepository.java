package io.sealcloud.accounts.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.sealcloud.accounts.domain.Account;
import io.sealcloud.accounts.domain.DebtState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Accounts; every change of a balance first takes the account's row lock ({@link #lock}). */
@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, String> {

    private static final String INSERT_IF_ABSENT = """
            INSERT INTO accounts (id, debt_state, debt_state_since, created_at, updated_at)
            VALUES (:id, 'normal', :now, :now, :now)
            ON CONFLICT (id) DO NOTHING""";

    /**
     * The account, locked for update until the transaction ends ({@code SELECT … FOR UPDATE}): entries of one account
     * are booked one after the other, each seeing the balance the previous one left. Null when there is none.
     */
    public Uni<Account> lock(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Creates the (empty) account of an existing user unless it exists; true when this call created it. */
    public Uni<Boolean> insertIfAbsent(String userId, Instant now) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(INSERT_IF_ABSENT)
                        .setParameter("id", userId)
                        .setParameter("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /** Ids of accounts on {@code state} since at or before {@code enteredBefore} (for the time-based ladder steps). */
    public Uni<List<String>> idsInStateSince(DebtState state, Instant enteredBefore, int limit) {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                "select a.id from Account a where a.debtState = :state and a.debtStateSince <= :before"
                                        + " order by a.debtStateSince, a.id",
                                String.class)
                        .setParameter("state", state.wire())
                        .setParameter("before", enteredBefore)
                        .setMaxResults(limit)
                        .getResultList());
    }

    /** Ids of the accounts whose workloads are to be deleted (debt-deletion and final-deletion). */
    public Uni<java.util.Set<String>> idsDeletingWorkloads() {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                "select a.id from Account a where a.debtState in (:states)", String.class)
                        .setParameter("states", DELETING_WORKLOADS)
                        .getResultList())
                .map(java.util.HashSet::new);
    }

    /** Whether this user's account is in a step that deletes workloads. */
    public Uni<Boolean> deletesWorkloads(String id) {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                "select count(a) from Account a where a.id = :id and a.debtState in (:states)",
                                Long.class)
                        .setParameter("id", id)
                        .setParameter("states", DELETING_WORKLOADS)
                        .getSingleResult())
                .map(count -> count > 0);
    }

    private static final List<String> DELETING_WORKLOADS =
            List.of(DebtState.DEBT_DELETION.wire(), DebtState.FINAL_DELETION.wire());
}
