package io.sealcloud.accounts.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealcloud.accounts.config.AccountsConfig;
import io.sealcloud.accounts.domain.PaymentOrder;
import io.sealcloud.accounts.domain.WebhookSignature;
import io.sealcloud.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A generic partner that pays orders on its own checkout page and confirms them with a signed webhook: {@code
 * Sealcloud-Signature: t=<unix>,v1=<HMAC-SHA256 hex of "t.body">} with the shared secret ({@code
 * sealcloud.accounts.payments.webhook.secret}; the provider is off without one). The body:
 *
 * <pre>{@code
 * {"id": "evt_…", "type": "payment.succeeded",
 *  "data": {"orderId": "po_…", "paymentId": "<provider's payment id>", "amountMicros": 10000000}}
 * }</pre>
 *
 * It has no API sealcloud could call: {@link #query} knows nothing and {@link #refund} is refused (refund in the
 * partner's console, then book it with an ops adjustment).
 */
@ApplicationScoped
public class WebhookPaymentProvider implements PaymentProvider {

    public static final String NAME = "webhook";

    private final AccountsConfig.Payments.Webhook config;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;

    public WebhookPaymentProvider(AccountsConfig config, Clock clock) {
        this.config = config.payments().webhook();
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean enabled() {
        return config.secret().filter(s -> !s.isBlank()).isPresent();
    }

    @Override
    public Uni<Checkout> createOrder(PaymentOrder order) {
        return Uni.createFrom()
                .item(new Checkout(config.checkoutUrl()
                        .map(template -> template.replace("{orderId}", order.id)
                                .replace("{amountMicros}", Long.toString(order.amountMicros)))
                        .orElse(null)));
    }

    @Override
    public Notification verifyWebhook(Map<String, List<String>> headers, byte[] rawBody) {
        List<String> values = headers.getOrDefault(WebhookSignature.HEADER.toLowerCase(Locale.ROOT), List.of());
        String header = values.size() == 1 ? values.get(0) : values.isEmpty() ? null : String.join(",", values);
        try {
            WebhookSignature.verify(
                    header, rawBody, config.secret().orElseThrow(), clock.instant(), config.tolerance());
        } catch (WebhookSignature.InvalidSignatureException e) {
            String slug = e.failure() == WebhookSignature.Failure.STALE
                    ? "webhook-signature-expired"
                    : "webhook-signature-invalid";
            throw new ProblemException(401, slug, "Unauthorized", e.getMessage())
                    .withHeader("WWW-Authenticate", "Sealcloud-Signature");
        }
        return parse(rawBody);
    }

    private Notification parse(byte[] rawBody) {
        try {
            JsonNode root = json.readTree(rawBody);
            JsonNode data = root == null ? null : root.path("data");
            if (root == null
                    || !root.path("id").isTextual()
                    || !root.path("type").isTextual()
                    || !data.path("orderId").isTextual()
                    || !data.path("paymentId").isTextual()
                    || !data.path("amountMicros").canConvertToExactIntegral()
                    || !data.path("amountMicros").canConvertToLong()) {
                throw ProblemException.badRequest(
                        "The webhook body needs id, type and data.orderId, data.paymentId, data.amountMicros.");
            }
            return new Notification(
                    root.path("id").asText(),
                    root.path("type").asText(),
                    data.path("orderId").asText(),
                    data.path("paymentId").asText(),
                    data.path("amountMicros").asLong());
        } catch (IOException e) {
            throw ProblemException.badRequest("The webhook body is not JSON.");
        }
    }

    @Override
    public Uni<Optional<ProviderPayment>> query(PaymentOrder order) {
        return Uni.createFrom().item(Optional.empty());
    }

    @Override
    public Uni<String> refund(PaymentOrder order, long amountMicros, String reason) {
        return Uni.createFrom()
                .failure(ProblemException.conflict(
                        "refund-not-supported",
                        "The webhook provider has no refund API: refund in the partner's console, then record it here"
                                + " with its reference in externalRefundId."));
    }
}
