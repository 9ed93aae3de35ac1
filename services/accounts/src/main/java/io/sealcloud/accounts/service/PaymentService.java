package io.sealcloud.accounts.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.accounts.config.AccountsConfig;
import io.sealcloud.accounts.domain.EntryDraft;
import io.sealcloud.accounts.domain.EntryType;
import io.sealcloud.accounts.domain.MoneyIds;
import io.sealcloud.accounts.domain.PaymentOrder;
import io.sealcloud.accounts.repository.PaymentOrderRepository;
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
 * Payment orders: users create them, providers pay them. A payment is booked once: the order row is locked, the
 * recharge entry's source key is the provider's payment id (unique in the ledger) and the order keeps the provider's
 * payment id under a unique key too. Anything wrong with a notification (unknown order, other amount, expired order,
 * another payment for a paid order) is refused and changes nothing.
 */
@ApplicationScoped
public class PaymentService {

    private static final Logger LOG = Logger.getLogger(PaymentService.class);
    private static final int EXPIRY_BATCH = 500;

    private final PaymentOrderRepository orders;
    private final PaymentProviders providers;
    private final LedgerService ledger;
    private final Outbox outbox;
    private final Clock clock;
    private final AccountsConfig.Payments config;
    private final AuditLog audit;
    private final LedgerMetrics metrics;

    public PaymentService(
            PaymentOrderRepository orders,
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
        /** This payment was booked before (a redelivery): nothing changed. */
        ALREADY_BOOKED,
        /** A notification type that books nothing. */
        IGNORED;

        /** The name in answers and metrics: {@code booked}, {@code already-booked}, {@code ignored}. */
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

    /** Books a confirmed payment; {@code opsUserId} is who confirmed it by hand (audited), null for a provider. */
    private Uni<WebhookResult> settle(String providerName, PaymentProvider.Notification paid, String opsUserId) {
        Instant now = now();
        return Panache.withTransaction(() -> orders.lock(paid.orderId()).chain(order -> {
            if (order == null || !order.provider.equals(providerName)) {
                return Uni.createFrom()
                        .failure(new ProblemException(
                                404,
                                "payment-order-not-found",
                                "Not Found",
                                "No order '" + paid.orderId() + "' with provider '" + providerName + "'."));
            }
            if (PaymentOrder.EXPIRED.equals(order.status)) {
                return Uni.createFrom()
                        .failure(ProblemException.conflict(
                                "payment-order-expired", "The order expired at " + order.expiresAt + "."));
            }
            if (!PaymentOrder.PENDING.equals(order.status)) {
                if (paid.providerPaymentId().equals(order.providerPaymentId)) {
                    return Uni.createFrom().item(WebhookResult.ALREADY_BOOKED);
                }
                return Uni.createFrom()
                        .failure(ProblemException.conflict(
                                "payment-order-already-paid", "The order was paid by another payment."));
            }
            if (!now.isBefore(order.expiresAt)) {
                return Uni.createFrom()
                        .failure(ProblemException.conflict(
                                "payment-order-expired", "The order expired at " + order.expiresAt + "."));
            }
            if (paid.amountMicros() != order.amountMicros) {
                return Uni.createFrom()
                        .failure(ProblemException.unprocessable(
                                "payment-amount-mismatch",
                                "The payment is for " + paid.amountMicros() + " µ, the order for " + order.amountMicros
                                        + " µ."));
            }
            EntryDraft recharge = EntryDraft.of(
                            order.accountId,
                            EntryType.RECHARGE,
                            order.amountMicros,
                            "payment:" + providerName + ":" + paid.providerPaymentId(),
                            "Payment " + order.id + " (" + providerName + ")",
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
                LOG.infof(
                        "Booked payment %s of order %s: %d µ to account %s",
                        paid.providerPaymentId(), order.id, order.amountMicros, order.accountId);
                return outbox.append(
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
                                        now))
                        .chain(() -> opsUserId == null
                                ? Uni.createFrom().voidItem()
                                : audit.record(
                                        opsUserId,
                                        "payment.completed-by-hand",
                                        null,
                                        order.accountId,
                                        Map.of("orderId", order.id, "amountMicros", order.amountMicros)))
                        .replaceWith(WebhookResult.BOOKED);
            });
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
