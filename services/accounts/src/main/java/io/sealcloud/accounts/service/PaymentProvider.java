package io.sealcloud.accounts.service;

import io.sealcloud.accounts.domain.PaymentOrder;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A payment provider (partner SPI). An implementation is a CDI bean; {@link PaymentProviders} finds it by {@link
 * #name()}. Money is in micro-units. Only the provider can tell that an order was paid: through {@link
 * #verifyWebhook} (a notification it signed) — never through anything a user sends.
 */
public interface PaymentProvider {

    /** The name in URLs and orders ({@code sandbox}, {@code webhook}, …). */
    String name();

    /** Whether it is configured and may be used. */
    boolean enabled();

    /** Registers a new order with the provider; answers where the user pays (null when there is no such page). */
    Uni<Checkout> createOrder(PaymentOrder order);

    /**
     * Authenticates a webhook call and reads it. Throws {@link io.sealcloud.platform.problem.ProblemException} (and
     * changes nothing) when it is not authentic or not readable.
     *
     * @param headers the request headers, names in lower case
     * @param rawBody the body exactly as received (signatures cover bytes, not parsed JSON)
     */
    Notification verifyWebhook(Map<String, List<String>> headers, byte[] rawBody);

    /** What the provider knows about the order's payment, if it can tell. */
    Uni<Optional<ProviderPayment>> query(PaymentOrder order);

    /** Returns {@code amountMicros} of a paid order to the payer; answers the provider's refund id. */
    Uni<String> refund(PaymentOrder order, long amountMicros, String reason);

    /** Where to pay. */
    record Checkout(String checkoutUrl) {}

    /** A payment the provider reports. */
    record ProviderPayment(String providerPaymentId, long amountMicros, String status) {}

    /**
     * An authentic webhook notification.
     *
     * @param eventId the provider's id of the notification
     * @param type what happened; {@link #PAYMENT_SUCCEEDED} is the one that books money
     * @param orderId sealcloud's order id the payment is for
     * @param providerPaymentId the provider's id of the payment (counts once)
     * @param amountMicros the amount paid
     */
    record Notification(String eventId, String type, String orderId, String providerPaymentId, long amountMicros) {
        public static final String PAYMENT_SUCCEEDED = "payment.succeeded";
    }
}
