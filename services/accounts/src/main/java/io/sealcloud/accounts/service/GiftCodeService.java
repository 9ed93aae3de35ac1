package io.sealcloud.accounts.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.accounts.domain.Booking;
import io.sealcloud.accounts.domain.EntryDraft;
import io.sealcloud.accounts.domain.EntryType;
import io.sealcloud.accounts.domain.GiftCode;
import io.sealcloud.accounts.domain.MoneyIds;
import io.sealcloud.accounts.repository.GiftCodeRepository;
import io.sealcloud.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Gift codes: ops issue them, users redeem them into credit (expiring when the code says so). Redemptions of one code
 * are serialized by the code's row lock; the database keeps each (code, user, n) and each redemption's ledger entry
 * unique, so no race redeems a code more often than its limits allow.
 */
@ApplicationScoped
public class GiftCodeService {

    private final GiftCodeRepository codes;
    private final LedgerService ledger;
    private final Clock clock;
    private final AuditLog audit;

    public GiftCodeService(GiftCodeRepository codes, LedgerService ledger, Clock clock, AuditLog audit) {
        this.codes = codes;
        this.ledger = ledger;
        this.clock = clock;
        this.audit = audit;
    }

    /** What ops ask for when issuing a code. */
    public record NewGiftCode(
            String code,
            long amountMicros,
            int maxUses,
            int perUserLimit,
            Instant expiresAt,
            Long creditValidSeconds,
            String description) {}

    /** Issues a code (a random one when none is given); 409 {@code gift-code-exists} when the code is taken. */
    public Uni<GiftCode> create(NewGiftCode request, String opsUserId) {
        Instant now = now();
        GiftCode g = new GiftCode();
        g.code = request.code() == null ? MoneyIds.giftCode() : normalize(request.code());
        g.amountMicros = request.amountMicros();
        g.maxUses = request.maxUses();
        g.perUserLimit = request.perUserLimit();
        g.expiresAt = request.expiresAt();
        g.creditValidSeconds = request.creditValidSeconds();
        g.description = request.description();
        g.createdBy = opsUserId;
        g.createdAt = now;
        return Panache.withTransaction(() -> codes.insertIfAbsent(g))
                .chain(inserted -> inserted
                        ? Uni.createFrom().item(g)
                        : Uni.createFrom()
                                .failure(ProblemException.conflict(
                                        "gift-code-exists", "A gift code '" + g.code + "' exists already.")));
    }

    public Uni<List<GiftCode>> page(String afterCode, int limit) {
        return Panache.withSession(() -> codes.page(afterCode, limit));
    }

    public Uni<GiftCode> get(String code) {
        return Panache.withSession(() -> codes.findById(normalize(code)))
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("Gift code", code));
    }

    /** Stops further redemptions; credit already granted stays. */
    public Uni<GiftCode> disable(String code, String opsUserId) {
        return Panache.withTransaction(() -> codes.lock(normalize(code))
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("Gift code", code))
                .invoke(g -> g.disabled = true)
                .call(g -> audit.record(opsUserId, "gift-code.disabled", null, g.code, null)));
    }

    /**
     * Redeems a code for a user: one gift entry (its credit expiring after the code's {@code creditValidSeconds}, if
     * set). 404 for an unknown code; 403 {@code four-eyes} for the ops user who issued it; 409 when it is disabled,
     * expired, used up, or the user reached its limit.
     */
    public Uni<Booking> redeem(String userId, String rawCode) {
        String code = normalize(rawCode);
        Instant now = now();
        return Panache.withTransaction(() -> codes.lock(code).chain(g -> {
            if (g == null) {
                return Uni.createFrom().failure(ProblemException.notFound("Gift code", rawCode));
            }
            if (userId.equals(g.createdBy)) {
                // Four eyes: whoever issued a code cannot pay themselves with it.
                return Uni.createFrom()
                        .failure(MoneyProblems.fourEyes(
                                "A gift code cannot be redeemed by the ops user who issued it."));
            }
            if (g.disabled) {
                return refuse("gift-code-disabled", "The gift code has been withdrawn.");
            }
            if (g.expiresAt != null && !now.isBefore(g.expiresAt)) {
                return refuse("gift-code-expired", "The gift code expired at " + g.expiresAt + ".");
            }
            if (g.uses >= g.maxUses) {
                return refuse("gift-code-used-up", "The gift code has been redeemed as often as it can be.");
            }
            return codes.redemptionsBy(code, userId).chain(already -> {
                if (already >= g.perUserLimit) {
                    return refuse(
                            "gift-code-already-redeemed",
                            "You have redeemed this gift code " + already + " time(s), its limit per user.");
                }
                int n = (int) (already + 1);
                EntryDraft draft = EntryDraft.of(
                        userId,
                        EntryType.GIFT,
                        g.amountMicros,
                        "gift:" + code + ":" + userId + ":" + n,
                        "Gift code " + code,
                        "system");
                if (g.creditValidSeconds != null) {
                    draft = draft.expiringAt(now.plusSeconds(g.creditValidSeconds));
                }
                return ledger.book(draft).call(booking -> {
                    if (!booking.applied()) {
                        return Uni.createFrom()
                                .failure(ProblemException.conflict(
                                        "gift-code-already-redeemed", "This redemption was booked already."));
                    }
                    g.uses++;
                    return codes.insertRedemption(code, userId, n, booking.entryId(), now);
                });
            });
        }));
    }

    private static <T> Uni<T> refuse(String slug, String detail) {
        return Uni.createFrom().failure(ProblemException.conflict(slug, detail));
    }

    static String normalize(String code) {
        return code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
