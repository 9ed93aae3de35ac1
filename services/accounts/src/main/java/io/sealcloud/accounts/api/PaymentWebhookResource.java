package io.sealcloud.accounts.api;

import io.sealcloud.accounts.service.PaymentService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Payment providers' notifications. No user token here: a provider authenticates each call by signing its raw body
 * (for the {@code webhook} provider: {@code Sealcloud-Signature}, HMAC-SHA256), which is why this is the one money
 * endpoint that is {@link PermitAll} (its OpenAPI operation says {@code security: []} on purpose, see {@link
 * PublicOperationsOpenApiFilter}). A verified payment is never refused: it is booked ({@code booked}, or {@code
 * booked-late} for an order that expired meanwhile), or, when it cannot be matched (another amount, an unknown order,
 * an order another payment paid), recorded for ops to refund ({@code held-for-refund}); either way the provider gets
 * 200 and stops retrying. Idempotent by the provider's payment id: a redelivered notification answers 200 {@code
 * already-booked} or {@code already-held} and changes nothing. One that is unsigned, badly signed or stale is refused
 * with a problem and changes nothing.
 */
@Path("/api/accounts/v1/payments/webhooks/{provider}")
@Tag(name = "payments")
@PermitAll
public class PaymentWebhookResource {

    private final PaymentService payments;

    public PaymentWebhookResource(PaymentService payments) {
        this.payments = payments;
    }

    /** The answer to a provider. */
    public record WebhookAnswer(String result) {}

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A payment provider's signed notification (authenticated by its signature, not a token)")
    @APIResponse(
            responseCode = "200",
            description = "booked, booked-late (the order had expired; credited all the same), held-for-refund (another"
                    + " amount, an unknown order or an order paid already: on the ops refund queue), already-booked or"
                    + " already-held (redelivery), or ignored (other type)")
    @APIResponse(
            responseCode = "400",
            description = "Malformed body or signature header, or a provider without webhooks")
    @APIResponse(responseCode = "401", description = "Missing, invalid or stale signature")
    @APIResponse(responseCode = "404", description = "Unknown provider")
    @APIResponse(responseCode = "409", description = "This provider payment was recorded for another order or amount")
    @APIResponse(responseCode = "422", description = "The payment's amount is not positive")
    public Uni<WebhookAnswer> receive(
            @PathParam("provider") String provider, @Context HttpHeaders headers, byte[] body) {
        Map<String, List<String>> lowerCase = new HashMap<>();
        headers.getRequestHeaders()
                .forEach((name, values) -> lowerCase
                        .computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new java.util.ArrayList<>())
                        .addAll(values));
        return payments.webhook(provider, lowerCase, body == null ? new byte[0] : body)
                .map(result ->
                        new WebhookAnswer(result.name().toLowerCase(Locale.ROOT).replace('_', '-')));
    }
}
