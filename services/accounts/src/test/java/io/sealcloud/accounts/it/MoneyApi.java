package io.sealcloud.accounts.it;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.sealcloud.accounts.domain.WebhookSignature;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** REST Assured shortcuts for the money endpoints. */
final class MoneyApi {

    static final long UNIT = 1_000_000L;
    static final String WEBHOOK_SECRET = "whsec-test-only-not-a-secret";

    private MoneyApi() {}

    /** A fresh ops user (realm roles user + ops). */
    static TestUser ops() {
        return KeycloakTestResource.realm().createUniqueUser("ops", "ops");
    }

    static ValidatableResponse account(String token) {
        return Api.as(token).get(Api.BASE + "/account").then();
    }

    static long balance(String token) {
        return account(token)
                .statusCode(200)
                .extract()
                .<Number>path("balanceMicros")
                .longValue();
    }

    static ValidatableResponse opsAccount(String opsToken, String accountId) {
        return Api.as(opsToken).get(Api.BASE + "/ops/accounts/{id}", accountId).then();
    }

    static ValidatableResponse adjust(String opsToken, String accountId, long micros, String reason) {
        return Api.as(opsToken)
                .contentType(ContentType.JSON)
                .body("{\"amountMicros\":" + micros + ",\"reason\":\"" + reason + "\"}")
                .post(Api.BASE + "/ops/accounts/{id}/adjustments", accountId)
                .then();
    }

    static ValidatableResponse createOrder(String token, long micros, String provider) {
        return Api.as(token)
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"amountMicros\":" + micros + ",\"provider\":\"" + provider + "\"}")
                .post(Api.BASE + "/payments/orders")
                .then();
    }

    static String webhookBody(String orderId, String paymentId, long micros) {
        return "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"type\":\"payment.succeeded\",\"data\":{\"orderId\":\""
                + orderId + "\",\"paymentId\":\"" + paymentId + "\",\"amountMicros\":" + micros + "}}";
    }

    static String sign(String body, Instant at) {
        return WebhookSignature.sign(WEBHOOK_SECRET, at, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Posts a webhook exactly as a provider would: raw body, signature header, no token. */
    static ValidatableResponse webhook(String provider, String body, String signature) {
        var request =
                given().contentType(ContentType.JSON).accept(ContentType.JSON).body(body);
        if (signature != null) {
            request.header(WebhookSignature.HEADER, signature);
        }
        return request.post(Api.BASE + "/payments/webhooks/{provider}", provider)
                .then();
    }

    static ValidatableResponse completeSandbox(String opsToken, String orderId) {
        return Api.as(opsToken)
                .post(Api.BASE + "/ops/payments/orders/{id}/sandbox-payment", orderId)
                .then();
    }
}
