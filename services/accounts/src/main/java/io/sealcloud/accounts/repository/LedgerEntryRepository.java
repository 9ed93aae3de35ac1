package io.sealcloud.accounts.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.sealcloud.accounts.domain.LedgerEntry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Ledger entries: inserted by SQL that lets the database drop duplicates, read newest first. */
@ApplicationScoped
public class LedgerEntryRepository implements PanacheRepositoryBase<LedgerEntry, String> {

    // ON CONFLICT DO NOTHING without a target: whichever unique key the entry repeats (charge id, payment id, source
    // key), the database drops it and the transaction goes on; 0 rows inserted = duplicate, nothing else happens.
    private static final String INSERT = """
            INSERT INTO ledger_entries (id, account_id, seq, type, amount_micros, balance_after_micros,
                                        credit_used_micros, charge_id, payment_id, source_key, workspace_id,
                                        description, actor, created_at)
            VALUES (:id, :accountId, :seq, :type, :amount, :balanceAfter, :creditUsed, :chargeId, :paymentId,
                    :sourceKey, :workspaceId, :description, :actor, :createdAt)
            ON CONFLICT DO NOTHING""";

    /** Inserts the entry unless one of its unique keys exists; true when inserted. */
    public Uni<Boolean> insertIfNew(LedgerEntry e, String sourceKey) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(INSERT)
                        .setParameter("id", e.id)
                        .setParameter("accountId", e.accountId)
                        .setParameter("seq", e.seq)
                        .setParameter("type", e.type)
                        .setParameter("amount", e.amountMicros)
                        .setParameter("balanceAfter", e.balanceAfterMicros)
                        .setParameter("creditUsed", e.creditUsedMicros)
                        .setParameter("chargeId", e.chargeId)
                        .setParameter("paymentId", e.paymentId)
                        .setParameter("sourceKey", sourceKey)
                        .setParameter("workspaceId", e.workspaceId)
                        .setParameter("description", e.description)
                        .setParameter("actor", e.actor)
                        .setParameter("createdAt", OffsetDateTime.ofInstant(e.createdAt, ZoneOffset.UTC))
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /**
     * One page of an account's entries, newest first: those with {@code seq < beforeSeq} (all when null), of the
     * given type (all when null), booked in [{@code from}, {@code to}) (open ends when null).
     */
    public Uni<List<LedgerEntry>> page(
            String accountId, Long beforeSeq, String type, Instant from, Instant to, int limit) {
        StringBuilder query = new StringBuilder("accountId = :account");
        Map<String, Object> params = new HashMap<>();
        params.put("account", accountId);
        if (beforeSeq != null) {
            query.append(" and seq < :before");
            params.put("before", beforeSeq);
        }
        if (type != null) {
            query.append(" and type = :type");
            params.put("type", type);
        }
        if (from != null) {
            query.append(" and createdAt >= :from");
            params.put("from", from);
        }
        if (to != null) {
            query.append(" and createdAt < :to");
            params.put("to", to);
        }
        query.append(" order by seq desc");
        return find(query.toString(), params).page(0, limit).list();
    }

    /** The balance after the last entry booked before {@code before} (0 when there is none). */
    public Uni<Long> balanceBefore(String accountId, Instant before) {
        return find("accountId = ?1 and createdAt < ?2 order by seq desc", accountId, before)
                .firstResult()
                .map(last -> last == null ? 0L : last.balanceAfterMicros);
    }

    /** Per type in [{@code from}, {@code to}): sum of amounts and number of entries. */
    public Uni<List<TypeTotal>> totals(String accountId, Instant from, Instant to) {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery("""
                                select new io.sealcloud.accounts.repository.LedgerEntryRepository$TypeTotal(
                                       e.type, sum(e.amountMicros), count(e))
                                  from LedgerEntry e
                                 where e.accountId = :account and e.createdAt >= :from and e.createdAt < :to
                                 group by e.type order by e.type""", TypeTotal.class)
                        .setParameter("account", accountId)
                        .setParameter("from", from)
                        .setParameter("to", to)
                        .getResultList())
                .map(ArrayList::new);
    }

    /** Sum and count of one entry type in a period. */
    public record TypeTotal(String type, Long amountMicros, Long count) {}
}
