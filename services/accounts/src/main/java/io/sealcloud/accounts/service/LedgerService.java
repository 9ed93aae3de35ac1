package io.sealcloud.accounts.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.sealcloud.accounts.config.AccountsConfig;
import io.sealcloud.accounts.domain.Account;
import io.sealcloud.accounts.domain.Booking;
import io.sealcloud.accounts.domain.CreditGrant;
import io.sealcloud.accounts.domain.Credits;
import io.sealcloud.accounts.domain.EntryDraft;
import io.sealcloud.accounts.domain.EntryType;
import io.sealcloud.accounts.domain.LedgerEntry;
import io.sealcloud.accounts.domain.MoneyIds;
import io.sealcloud.accounts.repository.AccountRepository;
import io.sealcloud.accounts.repository.CreditGrantRepository;
import io.sealcloud.accounts.repository.LedgerEntryRepository;
import io.sealcloud.contracts.accounts.AccountBalanceChangedV1;
import io.sealcloud.contracts.accounts.AccountsEvents;
import io.sealcloud.platform.outbox.Outbox;
import io.sealcloud.platform.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The ledger: books entries and keeps each account's balance materialized, in one transaction per entry, under the
 * account's row lock. Every entry is one {@code account.balance-changed} event and may move the account on the debt
 * ladder. A repeated source (the same charge id, provider payment, redemption …) is dropped by the database's unique
 * keys and changes nothing.
 */
@ApplicationScoped
public class LedgerService {

    private static final Logger LOG = Logger.getLogger(LedgerService.class);

    private final AccountRepository accounts;
    private final LedgerEntryRepository entries;
    private final CreditGrantRepository grants;
    private final DebtService debt;
    private final Outbox outbox;
    private final Clock clock;
    private final AccountsConfig config;
    private final LedgerMetrics metrics;

    public LedgerService(
            AccountRepository accounts,
            LedgerEntryRepository entries,
            CreditGrantRepository grants,
            DebtService debt,
            Outbox outbox,
            Clock clock,
            AccountsConfig config,
            LedgerMetrics metrics) {
        this.metrics = metrics;
        this.accounts = accounts;
        this.entries = entries;
        this.grants = grants;
        this.debt = debt;
        this.outbox = outbox;
        this.clock = clock;
        this.config = config;
    }

    /**
     * Opens the account of a user who just signed up and grants the sign-up credit, in the caller's transaction. The
     * credit's source key is per user, so it is granted once however often this runs.
     */
    public Uni<Void> openAccount(String userId) {
        Instant now = now();
        long credit = config.ledger().signupCredit();
        return accounts.insertIfAbsent(userId, now)
                .chain(created -> created && credit > 0
                        ? book(EntryDraft.of(
                                        userId,
                                        EntryType.GIFT,
                                        credit,
                                        "signup-credit:" + userId,
                                        "Sign-up credit",
                                        "system"))
                                .replaceWithVoid()
                        : Uni.createFrom().voidItem());
    }

    /**
     * Books one entry (joining the caller's transaction, or in its own). Fails with 404 {@code account} when the
     * account does not exist.
     */
    public Uni<Booking> book(EntryDraft draft) {
        return Panache.withTransaction(() -> accounts.lock(draft.accountId()).chain(account -> {
            if (account == null) {
                return Uni.createFrom().failure(ProblemException.notFound("Account", draft.accountId()));
            }
            Instant now = now();
            return expireDue(account, now).chain(() -> apply(account, draft, now));
        }));
    }

    /** Books an entry for the owner of an existing user, creating the (empty) account first if needed. */
    public Uni<Booking> bookCreatingAccount(EntryDraft draft) {
        return Panache.withTransaction(
                () -> accounts.insertIfAbsent(draft.accountId(), now()).chain(() -> book(draft)));
    }

    /** Takes back every expired credit with something left, account by account; returns how many accounts. */
    public Uni<Integer> expireCredits() {
        Instant now = now();
        return Panache.withSession(() -> grants.accountsWithDueCredit(now, 500))
                .chain(ids -> Multi.createFrom()
                        .iterable(ids)
                        .onItem()
                        .transformToUniAndConcatenate(id -> Panache.withTransaction(() -> accounts.lock(id)
                                .chain(account ->
                                        account == null ? Uni.createFrom().voidItem() : expireDue(account, now))))
                        .collect()
                        .asList()
                        .map(List::size));
    }

    @Scheduled(
            identity = "sealcloud-accounts-credit-expiry",
            every = "${sealcloud.accounts.ledger.credit-expiry-interval:1m}",
            delayed = "${sealcloud.scheduler.first-run-delay:20s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expireOnSchedule() {
        return expireCredits()
                .onFailure()
                .invoke(e -> LOG.warn("Expiring credit failed; retrying at the next run", e))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    // Expired credit that is left is taken back before anything else is booked: it must not pay for a charge.
    private Uni<Void> expireDue(Account account, Instant now) {
        if (account.creditMicros == 0) {
            return Uni.createFrom().voidItem();
        }
        return grants.due(account.id, now).chain(due -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (CreditGrant grant : due) {
                chain = chain.chain(() -> expire(account, grant, now));
            }
            return chain;
        });
    }

    private Uni<Void> expire(Account account, CreditGrant grant, Instant now) {
        long left = grant.remainingMicros;
        LedgerEntry entry = newEntry(account, EntryType.GIFT, -left, left, now);
        entry.description = "Unused gift credit expired";
        entry.actor = "system";
        return entries.insertIfNew(entry, "credit-expiry:" + grant.entryId).chain(inserted -> {
            if (!inserted) {
                return Uni.createFrom().voidItem();
            }
            grant.remainingMicros = 0;
            grant.expiredEntryId = entry.id;
            return commit(account, entry, -left, account.creditMicros - left, now);
        });
    }

    private Uni<Booking> apply(Account account, EntryDraft draft, Instant now) {
        long amount = draft.amountMicros();
        long newBalance = Math.addExact(account.balanceMicros, amount);
        long creditUsed = amount < 0
                ? Credits.usedByDebit(account.balanceMicros, account.creditMicros, -amount, draft.creditFirst())
                : 0;
        long kept = amount > 0 && draft.creditExpiresAt() != null
                ? Credits.keptOfGrant(amount, newBalance, account.creditMicros)
                : 0;
        LedgerEntry entry = newEntry(account, draft.type(), amount, creditUsed, now);
        entry.chargeId = draft.chargeId();
        entry.paymentId = draft.paymentId();
        entry.workspaceId = draft.workspaceId();
        entry.description = draft.description();
        entry.actor = draft.actor();
        return entries.insertIfNew(entry, draft.sourceKey()).chain(inserted -> {
            if (!inserted) {
                LOG.debugf("Entry %s of account %s was booked before: skipped", draft.sourceKey(), account.id);
                return Uni.createFrom().item(new Booking(false, null, account.balanceMicros, account.state()));
            }
            Uni<Void> credit = creditUsed > 0
                    ? spendCredit(account.id, creditUsed)
                    : Uni.createFrom().voidItem();
            if (kept > 0) {
                CreditGrant grant = new CreditGrant();
                grant.entryId = entry.id;
                grant.accountId = account.id;
                grant.amountMicros = kept;
                grant.remainingMicros = kept;
                grant.expiresAt = draft.creditExpiresAt();
                grant.createdAt = now;
                credit = credit.chain(() -> grants.persist(grant)).replaceWithVoid();
            }
            long newCredit = account.creditMicros - creditUsed + kept;
            return credit.chain(() -> commit(account, entry, amount, newCredit, now))
                    .map(ignored -> new Booking(true, entry.id, account.balanceMicros, account.state()));
        });
    }

    private Uni<Void> spendCredit(String accountId, long micros) {
        return grants.active(accountId)
                .invoke(active -> {
                    long left = micros;
                    for (CreditGrant grant : active) {
                        long take = Math.min(left, grant.remainingMicros);
                        grant.remainingMicros -= take;
                        left -= take;
                        if (left == 0) {
                            break;
                        }
                    }
                    if (left != 0) {
                        throw new IllegalStateException(
                                "account " + accountId + " has less credit in grants than recorded");
                    }
                })
                .replaceWithVoid();
    }

    // The entry is in: materialize the balance, announce it, and let the ladder look at the new balance.
    private Uni<Void> commit(Account account, LedgerEntry entry, long amount, long newCredit, Instant now) {
        account.balanceMicros = entry.balanceAfterMicros;
        account.creditMicros = newCredit;
        account.entryCount = entry.seq;
        account.updatedAt = now;
        return EntryType.fromWire(entry.type)
                .map(type -> metrics.entryBooked(type, amount))
                .orElseGet(() -> Uni.createFrom().voidItem())
                .chain(() -> outbox.append(
                        AccountsEvents.ACCOUNT_BALANCE_CHANGED,
                        account.id,
                        account.id,
                        new AccountBalanceChangedV1(
                                account.id, entry.id, entry.type, amount, entry.balanceAfterMicros, now)))
                .chain(() -> debt.afterBalance(account, now));
    }

    private static LedgerEntry newEntry(Account account, EntryType type, long amount, long creditUsed, Instant now) {
        LedgerEntry entry = new LedgerEntry();
        entry.id = MoneyIds.entry();
        entry.accountId = account.id;
        entry.seq = account.entryCount + 1;
        entry.type = type.wire();
        entry.amountMicros = amount;
        entry.balanceAfterMicros = Math.addExact(account.balanceMicros, amount);
        entry.creditUsedMicros = creditUsed;
        entry.createdAt = now;
        return entry;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
