package io.sealcloud.accounts.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.accounts.config.AccountsConfig;
import io.sealcloud.accounts.domain.EntryDraft;
import io.sealcloud.accounts.domain.EntryType;
import io.sealcloud.accounts.domain.MoneyIds;
import io.sealcloud.accounts.domain.PaymentOrder;
import io.sealcloud.accounts.domain.ProviderPayment;
import io.sealcloud.accounts.repository.PaymentOrderRepository;
import io.sealcloud.accounts.repository.ProviderPaymentRepository;
import io.sealcloud.contracts.accounts.AccountsEvents;
import io.sealcloud.contracts.accounts.PaymentSucceededV1;
import io.sealcloud.platform.outbox.Outbox;
import io.sealcloud.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Payment orders: users create them, providers pay them. Every verified provider payment is recorded once (unique per
 * provider payment id, {@link ProviderPayment}) and never dropped: it is booked to the payer (late when the order had
 * expired: the money was taken, so it is credited), or, when it cannot be matched (another amount than the order's, an
 * unknown order, an order another payment paid), held on the ops refund queue. A payment is booked once: the recharge
 * entry's source key is the provider's payment id (unique in the ledger) and the order keeps it under a unique key too.
 * A notification that is not authentic, or names no positive amount, is refused and changes nothing.
 */
@ApplicationScoped
public class PaymentService {

    private static final Logger LOG = Logger.getLogger(PaymentService.class);
    private static final int EXPIRY_BATCH = 500;

    private final PaymentOrderRepository orders;
    private final ProviderPaymentRepository recorded;
    private final PaymentProviders providers;
    private final LedgerService ledger;
    private final Outbox outbox;
    private final Clock clock;
    private final AccountsConfig.Payments config;
    private final AuditLog audit;
    private final LedgerMetrics metrics;

    public PaymentService(
            PaymentOrderRepository orders,
            ProviderPaymentRepository recorded,
            PaymentProviders providers,
            LedgerService ledger,
            Outbox outbox,
            Clock clock,
            AccountsConfig config,
            AuditLog audit,
            LedgerMetrics metrics) {
        this.metrics = metrics;
        this.audit = audit;
        this.orders = orders;
        this.recorded = recorded;
        this.providers = providers;
        this.ledger = ledger;
        this.outbox = outbox;
        this.clock = clock;
        this.config = config.payments();
    }

    /** What a webhook did. */
    public enum WebhookResult {
        /** The payment was booked. */
        BOOKED,
        /** The order had expired; the payer is credited all the same. */
        BOOKED_LATE,
        /** Captured but not bookable (other amount, unknown order, order paid already): recorded for ops to refund. */
        HELD_FOR_REFUND,
        /** This payment was booked before (a redelivery): nothing changed. */
        ALREADY_BOOKED,
        /** This payment was held before (a redelivery): nothing changed. */
        ALREADY_HELD,
        /** A notification type that books nothing. */
        IGNORED;

        /** The name in answers and metrics: {@code booked}, {@code held-for-refund}, {@code already-booked} … */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Creates a pending order for the caller's account (joins the caller's transaction). */
    public Uni<PaymentOrder> createOrder(String accountId, long amountMicros, String providerName) {
        if (amountMicros < config.minAmountMicros() || amountMicros > config.maxAmountMicros()) {
            return Uni.createFrom()
                    .failure(MoneyProblems.invalid(
                            "/amountMicros",
                            "must be between " + config.minAmountMicros() + " and " + config.maxAmountMicros()));
        }
        PaymentProvider provider;
        try {
            provider = providers.require(providerName);
        } catch (ProblemException unknown) {
            return Uni.createFrom().failure(MoneyProblems.invalid("/provider", "is not an enabled payment provider"));
        }
        Instant now = now();
        PaymentOrder order = new PaymentOrder();
        order.id = MoneyIds.order();
        order.accountId = accountId;
        order.provider = provider.name();
        order.amountMicros = amountMicros;
        order.status = PaymentOrder.PENDING;
        order.expiresAt = now.plus(config.orderTtl());
        order.createdAt = now;
        return provider.createOrder(order)
                .chain(checkout -> {
                    order.checkoutUrl = checkout.checkoutUrl();
                    return Panache.withTransaction(() -> orders.persist(order));
                })
                .invoke(o -> LOG.infof(
                        "Created payment order %s (%s, %d µ) for account %s",
                        o.id, o.provider, amountMicros, accountId));
    }

    /** One of the account's orders; 404 for any other. */
    public Uni<PaymentOrder> order(String accountId, String orderId) {
        return Panache.withSession(() -> orders.findById(orderId))
                .map(o -> o != null && o.accountId.equals(accountId) ? o : null)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("Payment order", orderId));
    }

    /** Any order (ops). */
    public Uni<PaymentOrder> anyOrder(String orderId) {
        return Panache.withSession(() -> orders.findById(orderId))
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("Payment order", orderId));
    }

    public Uni<List<PaymentOrder>> orders(String accountId, Long beforeSeq, int limit) {
        return Panache.withSession(() -> orders.page(accountId, beforeSeq, limit));
    }

    /** Authenticates and applies a provider's webhook. */
    public Uni<WebhookResult> webhook(String providerName, Map<String, List<String>> headers, byte[] body) {
        return verifyAndSettle(providerName, headers, body)
                .invoke(result -> metrics.payment(providerName, result.wire()))
                .onFailure(ProblemException.class)
                .invoke(refused -> metrics.webhookRejected(providerName, ((ProblemException) refused).slug()));
    }

    private Uni<WebhookResult> verifyAndSettle(String providerName, Map<String, List<String>> headers, byte[] body) {
        PaymentProvider.Notification notification;
        try {
            PaymentProvider provider = providers.require(providerName);
            notification = provider.verifyWebhook(headers, body);
        } catch (ProblemException refused) {
            LOG.warnf("Refused a webhook for provider %s: %s", providerName, refused.detail());
            return Uni.createFrom().failure(refused);
        }
        if (!PaymentProvider.Notification.PAYMENT_SUCCEEDED.equals(notification.type())) {
            LOG.debugf(
                    "Webhook %s of %s has type %s: ignored", notification.eventId(), providerName, notification.type());
            return Uni.createFrom().item(WebhookResult.IGNORED);
        }
        return settle(providerName, notification, null);
    }

    /**
     * Marks every pending order past its expiry as {@code expired} (in batches, each its own transaction); returns how
     * many. Idempotent: an expired order is never touched again. Readers already see such an order as expired before
     * the sweep reaches it ({@link PaymentOrder#effectiveStatus}); the sweep makes the stored status agree, for ops queries
     * and reports.
     */
    public Uni<Integer> expireOrders() {
        Instant now = now();
        return Panache.withTransaction(() -> orders.expirePending(now, EXPIRY_BATCH))
                .chain(done -> done < EXPIRY_BATCH
                        ? Uni.createFrom().item(done)
                        : expireOrders().map(more -> done + more));
    }

    @io.quarkus.scheduler.Scheduled(
            identity = "sealcloud-accounts-order-expiry",
            every = "${sealcloud.accounts.payments.expiry-sweep-interval:1m}",
            concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expireOrdersOnSchedule() {
        return expireOrders()
                .invoke(expired -> {
                    if (expired > 0) {
                        LOG.infof("Marked %d payment orders expired", expired);
                    }
                })
                .onFailure()
                .invoke(e -> LOG.warn("Expiring payment orders failed; retrying at the next run", e))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Completes a sandbox order as if its payment had succeeded (ops only; the sandbox has no webhooks). */
    public Uni<WebhookResult> completeSandboxOrder(String orderId, String opsUserId) {
        return completeSandbox(orderId, opsUserId)
                .invoke(result -> metrics.payment(SandboxPaymentProvider.NAME, result.wire()));
    }

    private Uni<WebhookResult> completeSandbox(String orderId, String opsUserId) {
        return anyOrder(orderId).chain(order -> {
            if (!SandboxPaymentProvider.NAME.equals(order.provider)) {
                return Uni.createFrom()
                        .failure(ProblemException.conflict(
                                "not-a-sandbox-order", "Only sandbox orders can be completed by hand."));
            }
            return settle(
                    order.provider,
                    new PaymentProvider.Notification(
                            "sandbox-" + orderId,
                            PaymentProvider.Notification.PAYMENT_SUCCEEDED,
                            orderId,
                            SandboxPaymentProvider.paymentIdOf(orderId),
                            order.amountMicros),
                    opsUserId);
        });
    }

    /**
     * Records a confirmed payment and books it, or holds it for a refund; {@code opsUserId} is who confirmed it by hand
     * (audited), null for a provider. Every delivery of one provider payment is serialized (advisory lock), then the
     * order (row lock): the first delivery decides, a redelivery finds the record and changes nothing.
     */
    private Uni<WebhookResult> settle(String providerName, PaymentProvider.Notification paid, String opsUserId) {
        if (paid.amountMicros() <= 0) {
            // Nothing was captured: there is no money to keep or return.
            return Uni.createFrom()
                    .failure(ProblemException.unprocessable(
                            "payment-amount-invalid", "A payment's amountMicros must be positive."));
        }
        Instant now = now();
        return Panache.withTransaction(() -> recorded.lockPaymentId(providerName, paid.providerPaymentId())
                .chain(() -> recorded.findPayment(providerName, paid.providerPaymentId()))
                .chain(known -> known != null
                        ? redelivered(known, paid)
                        : orders.lock(paid.orderId())
                                .chain(order -> decide(providerName, paid, order, opsUserId, now))));
    }

    /** A payment recorded before: the same notification changes nothing; another order for it is refused. */
    private static Uni<WebhookResult> redelivered(ProviderPayment known, PaymentProvider.Notification paid) {
        if (!known.orderId.equals(paid.orderId()) || known.amountMicros != paid.amountMicros()) {
            return Uni.createFrom()
                    .failure(ProblemException.conflict(
                            "payment-already-booked",
                            "This provider payment was recorded before for order '" + known.orderId + "' ("
                                    + known.amountMicros + " µ)."));
        }
        return Uni.createFrom()
                .item(
                        ProviderPayment.BOOKED.equals(known.status)
                                ? WebhookResult.ALREADY_BOOKED
                                : WebhookResult.ALREADY_HELD);
    }

    private Uni<WebhookResult> decide(
            String providerName, PaymentProvider.Notification paid, PaymentOrder order, String opsUserId, Instant now) {
        if (order == null || !order.provider.equals(providerName)) {
            return hold(providerName, paid, null, ProviderPayment.UNKNOWN_ORDER, now);
        }
        boolean open = PaymentOrder.PENDING.equals(order.status) || PaymentOrder.EXPIRED.equals(order.status);
        if (!open) {
            if (paid.providerPaymentId().equals(order.providerPaymentId)) {
                // Booked before the record existed (or by this payment): a redelivery.
                return Uni.createFrom().item(WebhookResult.ALREADY_BOOKED);
            }
            return hold(providerName, paid, order.accountId, ProviderPayment.ORDER_ALREADY_PAID, now);
        }
        if (paid.amountMicros() != order.amountMicros) {
            return hold(providerName, paid, order.accountId, ProviderPayment.AMOUNT_MISMATCH, now);
        }
        boolean late = PaymentOrder.EXPIRED.equals(order.status) || !now.isBefore(order.expiresAt);
        return book(providerName, paid, order, opsUserId, late, now);
    }

    /** Credits the order's account and marks the order paid (late: the order had expired; the payer paid anyway). */
    private Uni<WebhookResult> book(
            String providerName,
            PaymentProvider.Notification paid,
            PaymentOrder order,
            String opsUserId,
            boolean late,
            Instant now) {
        EntryDraft recharge = EntryDraft.of(
                        order.accountId,
                        EntryType.RECHARGE,
                        order.amountMicros,
                        "payment:" + providerName + ":" + paid.providerPaymentId(),
                        "Payment " + order.id + " (" + providerName + ")"
                                + (late ? ", received after the order expired" : ""),
                        providerName)
                .withPayment(order.id);
        return ledger.book(recharge).chain(booking -> {
            if (!booking.applied()) {
                // This provider payment already paid something else: refuse, roll back.
                return Uni.createFrom()
                        .failure(ProblemException.conflict(
                                "payment-already-booked", "This provider payment was booked for another order."));
            }
            order.status = PaymentOrder.PAID;
            order.providerPaymentId = paid.providerPaymentId();
            order.ledgerEntryId = booking.entryId();
            order.paidAt = now;
            ProviderPayment record = record(providerName, paid, order.accountId, now);
            record.status = ProviderPayment.BOOKED;
            record.reason = late ? ProviderPayment.ORDER_EXPIRED : null;
            record.ledgerEntryId = booking.entryId();
            LOG.infof(
                    "Booked payment %s of order %s%s: %d µ to account %s",
                    paid.providerPaymentId(),
                    order.id,
                    late ? " (late: the order had expired)" : "",
                    order.amountMicros,
                    order.accountId);
            return recorded.persist(record)
                    .chain(() -> outbox.append(
                            AccountsEvents.PAYMENT_SUCCEEDED,
                            order.accountId,
                            order.id,
                            new PaymentSucceededV1(
                                    order.id,
                                    order.accountId,
                                    providerName,
                                    paid.providerPaymentId(),
                                    order.amountMicros,
                                    booking.entryId(),
                                    now)))
                    .chain(() -> opsUserId == null
                            ? Uni.createFrom().voidItem()
                            : audit.record(
                                    opsUserId,
                                    "payment.completed-by-hand",
                                    null,
                                    order.accountId,
                                    Map.of("orderId", order.id, "amountMicros", order.amountMicros)))
                    .replaceWith(late ? WebhookResult.BOOKED_LATE : WebhookResult.BOOKED);
        });
    }

    /** Records a captured payment that cannot be booked, for ops to refund; audited as {@code payment.held}. */
    private Uni<WebhookResult> hold(
            String providerName, PaymentProvider.Notification paid, String accountId, String reason, Instant now) {
        ProviderPayment record = record(providerName, paid, accountId, now);
        record.status = ProviderPayment.HELD;
        record.reason = reason;
        LOG.warnf(
                "Held payment %s of %s (%d µ, order %s) for a refund: %s",
                paid.providerPaymentId(), providerName, paid.amountMicros(), paid.orderId(), reason);
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("provider", providerName);
        details.put("providerPaymentId", paid.providerPaymentId());
        details.put("orderId", paid.orderId());
        details.put("amountMicros", paid.amountMicros());
        details.put("reason", reason);
        return recorded.persist(record)
                .chain(() -> audit.record("system:payments", "payment.held", null, record.id, details))
                .replaceWith(WebhookResult.HELD_FOR_REFUND);
    }

    private static ProviderPayment record(
            String providerName, PaymentProvider.Notification paid, String accountId, Instant now) {
        ProviderPayment record = new ProviderPayment();
        record.id = MoneyIds.providerPayment();
        record.provider = providerName;
        record.providerPaymentId = paid.providerPaymentId();
        record.orderId = paid.orderId();
        record.accountId = accountId;
        record.amountMicros = paid.amountMicros();
        record.receivedAt = now;
        return record;
    }

    /** Held payments (the ops refund queue), oldest first; {@code afterId} continues a page. */
    public Uni<List<ProviderPayment>> heldPayments(String afterId, int limit) {
        return Panache.withSession(
                () -> (afterId == null ? Uni.createFrom().<ProviderPayment>nullItem() : recorded.findById(afterId))
                        .chain(after -> recorded.page(ProviderPayment.HELD, after, limit)));
    }

    /** One recorded provider payment (ops). */
    public Uni<ProviderPayment> providerPayment(String id) {
        return Panache.withSession(() -> recorded.findById(id))
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("Provider payment", id));
    }

    /**
     * Ops record that a held payment was returned to the payer outside sealcloud (in the provider's console): the
     * provider's refund reference and a reason, audited ({@code payment.held-refunded}). Nothing is booked: the money
     * never reached an account. Recording the same reference again changes nothing; a booked payment is refunded
     * through its order instead (409).
     */
    public Uni<ProviderPayment> resolveHeldByRefund(
            String id, String refundReference, String reason, String opsUserId) {
        Instant now = now();
        return Panache.withTransaction(() -> recorded.lock(id).chain(payment -> {
            if (payment == null) {
                return Uni.createFrom().failure(ProblemException.notFound("Provider payment", id));
            }
            if (ProviderPayment.REFUNDED.equals(payment.status) && refundReference.equals(payment.refundReference)) {
                return Uni.createFrom().item(payment);
            }
            if (!ProviderPayment.HELD.equals(payment.status)) {
                return Uni.createFrom()
                        .failure(ProblemException.conflict(
                                "payment-not-held",
                                "This payment is " + payment.status
                                        + "; only a held payment is refunded here (a booked one through its order)."));
            }
            payment.status = ProviderPayment.REFUNDED;
            payment.refundReference = refundReference;
            payment.refundReason = reason;
            payment.resolvedBy = opsUserId;
            payment.resolvedAt = now;
            return audit.record(
                            opsUserId,
                            "payment.held-refunded",
                            null,
                            payment.id,
                            Map.of(
                                    "providerPaymentId",
                                    payment.providerPaymentId,
                                    "amountMicros",
                                    payment.amountMicros,
                                    "refundReference",
                                    refundReference,
                                    "reason",
                                    reason))
                    .replaceWith(payment);
        }));
    }

    /**
     * Refunds part or all of a paid order through its provider — or, with {@code externalRefundId}, records a refund the
     * partner made outside sealcloud without calling the provider — and books a negative {@code refund} entry (the
     * account's own money first, then credit; it may take the balance below zero, which the debt ladder handles) with
     * the mandatory reason, audited ({@code payment.refunded}).
     */
    public Uni<PaymentOrder> refund(
            String orderId, long amountMicros, String reason, String externalRefundId, String opsUserId) {
        return anyOrder(orderId).chain(order -> {
            if (amountMicros <= 0 || amountMicros > order.amountMicros - order.refundedMicros) {
                return Uni.createFrom()
                        .failure(MoneyProblems.invalid(
                                "/amountMicros",
                                "must be between 1 and what is left to refund ("
                                        + (order.amountMicros - order.refundedMicros) + ")"));
            }
            if (order.providerPaymentId == null) {
                return Uni.createFrom()
                        .failure(ProblemException.conflict("payment-order-not-paid", "The order was not paid."));
            }
            if (externalRefundId != null) {
                // Returned outside sealcloud (e.g. in the partner's console): book it, call nobody.
                return bookRefund(orderId, "external:" + externalRefundId, amountMicros, reason, opsUserId);
            }
            PaymentProvider provider = providers.require(order.provider);
            return provider.refund(order, amountMicros, reason)
                    .chain(providerRefundId -> bookRefund(orderId, providerRefundId, amountMicros, reason, opsUserId));
        });
    }

    private Uni<PaymentOrder> bookRefund(
            String orderId, String providerRefundId, long amountMicros, String reason, String opsUserId) {
        Instant now = now();
        return Panache.withTransaction(() -> orders.lock(orderId).chain(order -> {
            if (amountMicros > order.amountMicros - order.refundedMicros) {
                return Uni.createFrom()
                        .failure(ProblemException.conflict(
                                "refund-exceeds-payment", "The order was refunded meanwhile."));
            }
            EntryDraft refund = EntryDraft.of(
                            order.accountId,
                            EntryType.REFUND,
                            -amountMicros,
                            "refund:" + order.provider + ":" + providerRefundId,
                            "Refund of payment " + order.id + ": " + reason,
                            opsUserId)
                    .ownMoneyFirst();
            return ledger.book(refund).chain(booking -> {
                if (!booking.applied()) {
                    return Uni.createFrom().item(order);
                }
                order.refundedMicros += amountMicros;
                order.status = order.refundedMicros == order.amountMicros
                        ? PaymentOrder.REFUNDED
                        : PaymentOrder.PARTIALLY_REFUNDED;
                return orders.insertRefund(
                                MoneyIds.refund(),
                                order,
                                providerRefundId,
                                amountMicros,
                                reason,
                                booking.entryId(),
                                opsUserId,
                                now)
                        .chain(() -> audit.record(
                                opsUserId,
                                "payment.refunded",
                                null,
                                order.accountId,
                                Map.of(
                                        "orderId", order.id,
                                        "amountMicros", amountMicros,
                                        "providerRefundId", providerRefundId,
                                        "reason", reason)))
                        .replaceWith(order);
            });
        }));
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
