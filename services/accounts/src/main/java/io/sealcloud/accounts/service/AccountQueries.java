package io.sealcloud.accounts.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.accounts.domain.Account;
import io.sealcloud.accounts.domain.CreditGrant;
import io.sealcloud.accounts.domain.LedgerEntry;
import io.sealcloud.accounts.domain.Notification;
import io.sealcloud.accounts.repository.AccountRepository;
import io.sealcloud.accounts.repository.CreditGrantRepository;
import io.sealcloud.accounts.repository.LedgerEntryRepository;
import io.sealcloud.accounts.repository.NotificationRepository;
import io.sealcloud.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

/** Reads of one account (the caller's own, or any for ops): balance, entries, monthly statements, notifications. */
@ApplicationScoped
public class AccountQueries {

    private final AccountRepository accounts;
    private final LedgerEntryRepository entries;
    private final CreditGrantRepository grants;
    private final NotificationRepository notifications;
    private final Clock clock;

    public AccountQueries(
            AccountRepository accounts,
            LedgerEntryRepository entries,
            CreditGrantRepository grants,
            NotificationRepository notifications,
            Clock clock) {
        this.accounts = accounts;
        this.entries = entries;
        this.grants = grants;
        this.notifications = notifications;
        this.clock = clock;
    }

    /** The account and its credit grants with credit left; 404 when there is no such account. */
    public record AccountWithCredits(Account account, List<CreditGrant> credits) {}

    /** A month's statement: opening balance, per-type totals, closing balance. */
    public record Statement(
            YearMonth month,
            Instant from,
            Instant to,
            long openingBalanceMicros,
            long closingBalanceMicros,
            List<LedgerEntryRepository.TypeTotal> totals) {}

    public Uni<AccountWithCredits> account(String accountId) {
        return Panache.withSession(() -> accounts.findById(accountId)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("Account", accountId))
                .chain(account -> grants.active(accountId).map(credits -> new AccountWithCredits(account, credits))));
    }

    public Uni<List<LedgerEntry>> entries(
            String accountId, Long beforeSeq, String type, Instant from, Instant to, int limit) {
        return Panache.withSession(
                () -> requireAccount(accountId).chain(() -> entries.page(accountId, beforeSeq, type, from, to, limit)));
    }

    /** The statement of a month (UTC); a month that has not begun yet is refused (400). */
    public Uni<Statement> statement(String accountId, YearMonth month) {
        Instant from = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        if (from.isAfter(clock.instant())) {
            return Uni.createFrom().failure(ProblemException.badRequest("The month " + month + " has not begun yet."));
        }
        return Panache.withSession(() -> requireAccount(accountId)
                .chain(() -> entries.balanceBefore(accountId, from))
                .chain(opening -> entries.balanceBefore(accountId, to)
                        .chain(closing -> entries.totals(accountId, from, to)
                                .map(totals -> new Statement(month, from, to, opening, closing, totals)))));
    }

    public Uni<List<Notification>> notifications(String accountId, Long beforeId, int limit) {
        return Panache.withSession(
                () -> requireAccount(accountId).chain(() -> notifications.page(accountId, beforeId, limit)));
    }

    private Uni<Void> requireAccount(String accountId) {
        return accounts.findById(accountId)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("Account", accountId))
                .replaceWithVoid();
    }
}
