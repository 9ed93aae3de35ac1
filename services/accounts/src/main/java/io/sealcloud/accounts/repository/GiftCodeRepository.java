package io.sealcloud.accounts.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.sealcloud.accounts.domain.GiftCode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Gift codes and their redemptions. */
@ApplicationScoped
public class GiftCodeRepository implements PanacheRepositoryBase<GiftCode, String> {

    private static final String INSERT_CODE = """
            INSERT INTO gift_codes (code, amount_micros, max_uses, per_user_limit, expires_at, credit_valid_seconds,
                                    description, created_by, created_at)
            VALUES (:code, :amount, :maxUses, :perUser, :expiresAt, :creditValid, :description, :createdBy, :now)
            ON CONFLICT (code) DO NOTHING""";

    private static final String INSERT_REDEMPTION = """
            INSERT INTO gift_redemptions (code, user_id, n, ledger_entry_id, created_at)
            VALUES (:code, :user, :n, :entry, :now)""";

    /** The code, locked until the transaction ends (redemptions of one code are serialized). */
    public Uni<GiftCode> lock(String code) {
        return findById(code, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Inserts a new code; false when the code exists. */
    public Uni<Boolean> insertIfAbsent(GiftCode g) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(INSERT_CODE)
                        .setParameter("code", g.code)
                        .setParameter("amount", g.amountMicros)
                        .setParameter("maxUses", g.maxUses)
                        .setParameter("perUser", g.perUserLimit)
                        .setParameter(
                                "expiresAt",
                                g.expiresAt == null ? null : OffsetDateTime.ofInstant(g.expiresAt, ZoneOffset.UTC))
                        .setParameter("creditValid", g.creditValidSeconds)
                        .setParameter("description", g.description)
                        .setParameter("createdBy", g.createdBy)
                        .setParameter("now", OffsetDateTime.ofInstant(g.createdAt, ZoneOffset.UTC))
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /** How often {@code userId} redeemed {@code code}. */
    public Uni<Long> redemptionsBy(String code, String userId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT count(*) FROM gift_redemptions WHERE code = :code AND user_id = :user",
                                Long.class)
                        .setParameter("code", code)
                        .setParameter("user", userId)
                        .getSingleResult());
    }

    /** Records the {@code n}-th redemption of {@code code} by {@code userId}; unique per (code, user, n). */
    public Uni<Void> insertRedemption(String code, String userId, int n, String entryId, Instant now) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(INSERT_REDEMPTION)
                        .setParameter("code", code)
                        .setParameter("user", userId)
                        .setParameter("n", n)
                        .setParameter("entry", entryId)
                        .setParameter("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** Codes in code order, those after {@code afterCode} (from the start when null). */
    public Uni<List<GiftCode>> page(String afterCode, int limit) {
        return afterCode == null
                ? find("order by code").page(0, limit).list()
                : find("code > ?1 order by code", afterCode).page(0, limit).list();
    }
}
