package io.sealcloud.accounts.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.sealcloud.accounts.config.AccountsConfig;
import io.sealcloud.accounts.domain.Account;
import io.sealcloud.accounts.domain.DebtLadder;
import io.sealcloud.accounts.domain.DebtState;
import io.sealcloud.accounts.domain.Notification;
import io.sealcloud.accounts.repository.AccountRepository;
import io.sealcloud.accounts.repository.NotificationRepository;
import io.sealcloud.contracts.accounts.AccountDebtStateChangedV1;
import io.sealcloud.contracts.accounts.AccountsEvents;
import io.sealcloud.platform.outbox.Outbox;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Moves accounts on the debt ladder: after every balance change (in the ledger's transaction, {@link #afterBalance})
 * and, for the time-based steps, periodically ({@link #advanceDue}). Each move is one {@code account.debt-state-changed}
 * event and one notification, in the transaction that made it; entering debt suspends the owner's workspaces and
 * leaving it lifts that suspension, in the same transaction. Entering debt-deletion needs nothing here: the sync
 * marks the owner's Workspace resources {@code deleteWorkloads} (after this commit, so after the notification) and
 * the controller deletes the workloads. Entering final-deletion deletes the owner's workspaces in the transaction.
 */
@ApplicationScoped
public class DebtService {

    private static final Logger LOG = Logger.getLogger(DebtService.class);
    private static final int BATCH = 200;

    private final AccountRepository accounts;
    private final NotificationRepository notifications;
    private final DebtActions actions;
    private final Outbox outbox;
    private final Clock clock;
    private final DebtLadder ladder;

    public DebtService(
            AccountRepository accounts,
            NotificationRepository notifications,
            DebtActions actions,
            Outbox outbox,
            Clock clock,
            AccountsConfig config) {
        this.accounts = accounts;
        this.notifications = notifications;
        this.actions = actions;
        this.outbox = outbox;
        this.clock = clock;
        AccountsConfig.Debt debt = config.debt();
        this.ladder = new DebtLadder(debt.lowMicros(), debt.criticalMicros(), debt.deletionAfter(), debt.finalAfter());
    }

    public DebtLadder ladder() {
        return ladder;
    }

    /** Call with the locked account after its balance changed, in that transaction. */
    public Uni<Void> afterBalance(Account account, Instant now) {
        DebtState current = account.state();
        DebtState next = ladder.afterBalance(current, account.balanceMicros);
        return next == current ? Uni.createFrom().voidItem() : moveTo(account, next, now);
    }

    /** Takes every account whose grace period ran out one step further down; returns how many moved. */
    public Uni<Integer> advanceDue() {
        Instant now = now();
        return advance(DebtState.DEBT, now.minus(ladder.deletionAfter()), now)
                .chain(moved -> advance(DebtState.DEBT_DELETION, now.minus(ladder.finalAfter()), now)
                        .map(more -> moved + more));
    }

    @Scheduled(
            identity = "sealcloud-accounts-debt-ladder",
            every = "${sealcloud.accounts.debt.check-interval:1m}",
            delayed = "${sealcloud.scheduler.first-run-delay:20s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> advanceOnSchedule() {
        return advanceDue()
                .onFailure()
                .invoke(e -> LOG.warn("Advancing accounts on the debt ladder failed; retrying at the next check", e))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Integer> advance(DebtState state, Instant enteredBefore, Instant now) {
        return Panache.withSession(() -> accounts.idsInStateSince(state, enteredBefore, BATCH))
                .chain(ids -> advanceEach(ids, now));
    }

    private Uni<Integer> advanceEach(List<String> ids, Instant now) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        // One transaction per account: the lock is held briefly and one failure does not undo the others.
        return Multi.createFrom()
                .iterable(ids)
                .onItem()
                .transformToUniAndConcatenate(id ->
                        Panache.withTransaction(() -> accounts.lock(id).chain(account -> {
                            if (account == null) {
                                return Uni.createFrom().item(false);
                            }
                            return ladder.afterTime(account.state(), account.debtStateSince, now)
                                    .map(next -> moveTo(account, next, now).replaceWith(true))
                                    .orElseGet(() -> Uni.createFrom().item(false));
                        })))
                .collect()
                .asList()
                .map(moved -> (int) moved.stream().filter(Boolean::booleanValue).count());
    }

    private Uni<Void> moveTo(Account account, DebtState next, Instant now) {
        DebtState previous = account.state();
        account.debtState = next.wire();
        account.debtStateSince = now;
        account.updatedAt = now;
        Notification notification = new Notification();
        notification.accountId = account.id;
        notification.kind = "debt-state-changed";
        notification.state = next.wire();
        notification.previousState = previous.wire();
        notification.balanceMicros = account.balanceMicros;
        notification.message = message(next, account.balanceMicros);
        notification.createdAt = now;
        LOG.infof(
                "Account %s moved from %s to %s (balance %d µ)",
                account.id, previous.wire(), next.wire(), account.balanceMicros);
        return notifications
                .persist(notification)
                .chain(() -> outbox.append(
                        AccountsEvents.ACCOUNT_DEBT_STATE_CHANGED,
                        account.id,
                        account.id,
                        new AccountDebtStateChangedV1(
                                account.id, next.wire(), previous.wire(), account.balanceMicros, now)))
                .chain(() -> enforce(account.id, previous, next, now));
    }

    private Uni<Void> enforce(String accountId, DebtState previous, DebtState next, Instant now) {
        if (next == DebtState.FINAL_DELETION) {
            return actions.deleteWorkspaces(accountId, now);
        }
        if (!previous.inDebt() && next.inDebt()) {
            return actions.suspend(accountId);
        }
        if (previous.inDebt() && !next.inDebt()) {
            return actions.lift(accountId);
        }
        return Uni.createFrom().voidItem();
    }

    private static String message(DebtState state, long balanceMicros) {
        String balance = Money.format(balanceMicros);
        return switch (state) {
            case NORMAL -> "Your balance is " + balance + ".";
            case LOW_BALANCE -> "Your balance is low (" + balance + "). Recharge to keep your workloads running.";
            case CRITICAL_BALANCE ->
                "Your balance is critically low (" + balance
                        + "). Your workloads will be suspended when it reaches zero.";
            case DEBT ->
                "Your balance is " + balance
                        + ". The workloads of your workspaces are suspended until a recharge covers the debt.";
            case DEBT_DELETION ->
                "Your account has been in debt (" + balance
                        + ") for the whole grace period: the workloads of your workspaces are being deleted.";
            case FINAL_DELETION ->
                "Your account is still in debt (" + balance
                        + ") after the final grace period: your workspaces are being deleted.";
        };
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
