package io.sealcloud.accounts.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.sealcloud.accounts.domain.DebtState;
import io.sealcloud.accounts.domain.EntryType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.reactive.engine.ReactiveAfterTransactionCompletionProcess;
import org.hibernate.reactive.mutiny.impl.MutinySessionImpl;
import org.hibernate.reactive.session.ReactiveSession;
import org.jboss.logging.Logger;

/**
 * The ledger's Micrometer meters (docs/services/accounts.md, "Metrics"). Bookings and charges are counted when the
 * transaction that booked them commits, not where they happen: a booking inside a transaction that later fails (a
 * later step of the same transaction, the inbox's or the Idempotency-Key's commit) rolls back and is not counted. The
 * accounts-by-debt-state gauge is read from the database periodically, so it is right however many replicas book.
 * Tag values are closed sets (entry types, known provider names, problem slugs): no user input becomes a tag.
 */
@ApplicationScoped
public class LedgerMetrics {

    static final String PREFIX = "sealcloud.accounts.";
    private static final Logger LOG = Logger.getLogger(LedgerMetrics.class);

    private final MeterRegistry registry;
    private final Set<String> providers;
    private final Map<DebtState, AtomicLong> byState = new EnumMap<>(DebtState.class);

    public LedgerMetrics(MeterRegistry registry, PaymentProviders providers) {
        this.registry = registry;
        this.providers = providers.names();
        // A gauge is bound to the object it reads; the registry returns an existing gauge for the same name and tags.
        // Where the application restarts inside one JVM (tests) the global registry still holds the previous
        // instance's gauges, which would never change again: replace them.
        registry.find(PREFIX + "accounts").gauges().forEach(registry::remove);
        for (DebtState state : DebtState.values()) {
            AtomicLong count = new AtomicLong();
            byState.put(state, count);
            Gauge.builder(PREFIX + "accounts", count, AtomicLong::get)
                    .description("Accounts per step of the debt ladder (read from the database periodically)")
                    .tag("state", state.wire())
                    .register(registry);
        }
    }

    /**
     * A ledger entry was booked (a duplicate that inserted nothing is not): counted once the current transaction
     * commits.
     */
    public Uni<Void> entryBooked(EntryType type, long amountMicros) {
        return afterCommit(() -> {
            Counter.builder(PREFIX + "ledger.entries")
                    .description("Ledger entries booked")
                    .tag("type", type.wire())
                    .register(registry)
                    .increment();
            Counter.builder(PREFIX + "ledger.micros")
                    .description(
                            "Micro-units booked, by entry type and direction (credit adds to balances, debit takes)")
                    .tag("type", type.wire())
                    .tag("direction", amountMicros >= 0 ? "credit" : "debit")
                    .register(registry)
                    .increment(Math.abs((double) amountMicros));
        });
    }

    /**
     * A metering charge was debited ({@code debited}) or was a duplicate of a booked one ({@code duplicate}): counted
     * once the current (inbox) transaction commits.
     */
    public Uni<Void> charge(boolean applied) {
        return afterCommit(() -> Counter.builder(PREFIX + "charges")
                .description("charge.created events from metering: debited, or duplicates ignored")
                .tag("outcome", applied ? "debited" : "duplicate")
                .register(registry)
                .increment());
    }

    /**
     * Runs {@code count} after the current transaction has committed, never when it rolls back. Hibernate Reactive
     * runs a session's after-completion processes only once the outermost transaction's commit succeeded (a failure
     * or cancellation rolls back and skips them; a transaction marked for rollback runs them with {@code success =
     * false}), so a booking that joins an outer transaction (inbox, Idempotency-Key, sign-in) is counted when that
     * one commits. Without a transaction there is nothing to wait for: counted at once.
     */
    private static Uni<Void> afterCommit(Runnable count) {
        return Panache.getSession()
                .invoke(session -> {
                    // Hibernate Reactive's own session (what Panache opens) exposes its action queue; anything else
                    // (no transaction, another implementation) is counted at once, as before.
                    if (session.currentTransaction() == null || !(session instanceof MutinySessionImpl impl)) {
                        count.run();
                        return;
                    }
                    impl.unwrap(ReactiveSession.class)
                            .getReactiveActionQueue()
                            .registerProcess((ReactiveAfterTransactionCompletionProcess) (success, ignored) -> {
                                if (success) {
                                    count.run();
                                }
                                return CompletableFuture.completedFuture(null);
                            });
                })
                .replaceWithVoid();
    }

    /** A payment notification's outcome: booked, already-booked, ignored, or rejected. */
    public void payment(String provider, String outcome) {
        Counter.builder(PREFIX + "payments")
                .description("Payment notifications (webhooks, sandbox completions) by provider and outcome")
                .tag("provider", provider(provider))
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /** A webhook refused with a problem (its slug is the reason); also counted as a {@code rejected} payment. */
    public void webhookRejected(String provider, String reason) {
        Counter.builder(PREFIX + "webhooks.rejected")
                .description("Webhooks refused, by reason (the problem type)")
                .tag("provider", provider(provider))
                .tag("reason", reason == null ? "unknown" : reason)
                .register(registry)
                .increment();
        payment(provider, "rejected");
    }

    @Scheduled(
            identity = "sealcloud-accounts-ledger-metrics",
            every = "${sealcloud.accounts.metrics.refresh-interval:30s}",
            delayed = "${sealcloud.scheduler.first-run-delay:20s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshOnSchedule() {
        return refresh()
                .onFailure()
                .invoke(e -> LOG.debugf("Refreshing the accounts gauge failed: %s", e.getMessage()))
                .onFailure()
                .recoverWithNull();
    }

    /** Reads the number of accounts per debt state into the gauge. */
    public Uni<Void> refresh() {
        return Panache.withSession(() -> Panache.getSession()
                        .chain(session -> session.createSelectionQuery(
                                        "select a.debtState, count(a) from Account a group by a.debtState",
                                        Object[].class)
                                .getResultList()))
                .invoke(rows -> {
                    Map<DebtState, Long> counts = new EnumMap<>(DebtState.class);
                    for (Object[] row : (List<Object[]>) rows) {
                        counts.put(DebtState.fromWire((String) row[0]), (Long) row[1]);
                    }
                    byState.forEach((state, gauge) -> gauge.set(counts.getOrDefault(state, 0L)));
                })
                .replaceWithVoid();
    }

    private String provider(String name) {
        return providers.contains(name) ? name : "unknown";
    }
}
