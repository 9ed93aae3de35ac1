package io.sealcloud.accounts.it;

import static io.sealcloud.accounts.it.MoneyApi.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.sealcloud.accounts.domain.EntryDraft;
import io.sealcloud.accounts.domain.EntryType;
import io.sealcloud.accounts.service.LedgerMetrics;
import io.sealcloud.accounts.service.LedgerService;
import io.sealcloud.accounts.service.PaymentService;
import io.sealcloud.contracts.accounts.AccountsEvents;
import io.sealcloud.testkit.EventProbe;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Payments: orders, the signed webhook (valid, replayed, tampered, unsigned, stale, wrong), sandbox and refunds. */
@QuarkusTest
@WithKafka
@WithPostgres(database = "accounts")
@WithKeycloak
@WithControlPlane(serviceAccount = "accounts")
class PaymentWebhookTest {

    @Inject
    TestClock clock;

    @Inject
    PaymentService payments;

    @Inject
    DataSource database;

    @Inject
    LedgerMetrics ledgerMetrics;

    @Inject
    MeterRegistry registry;

    @Inject
    LedgerService ledger;

    @Test
    void creditsAValidWebhookOnceAndAnswersItsRedeliveryWithoutChange() {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("payer");
        String token = user.token();
        var order = MoneyApi.createOrder(token, 20 * UNIT, "webhook")
                .statusCode(201)
                .body("status", equalTo("pending"))
                .body("provider", equalTo("webhook"))
                .body("checkoutUrl", containsString("order="))
                .body("expiresAt", notNullValue())
                .extract();
        String orderId = order.path("id");
        assertThat(order.header("Location")).endsWith("/payments/orders/" + orderId);

        String body = MoneyApi.webhookBody(orderId, "pi_" + UUID.randomUUID(), 20 * UNIT);
        String signature = MoneyApi.sign(body, Instant.now());
        try (EventProbe events = new EventProbe(AccountsEvents.TOPIC)) {
            MoneyApi.webhook("webhook", body, signature).statusCode(200).body("result", equalTo("booked"));
            MoneyApi.webhook("webhook", body, signature).statusCode(200).body("result", equalTo("already-booked"));

            assertThat(MoneyApi.balance(token)).isEqualTo(25 * UNIT);
            Api.as(token)
                    .queryParam("type", "recharge")
                    .get(Api.BASE + "/account/entries")
                    .then()
                    .body("items", hasSize(1))
                    .body("items[0].paymentId", equalTo(orderId))
                    .body("items[0].amountMicros", equalTo(20_000_000));
            Api.as(token)
                    .get(Api.BASE + "/payments/orders/{id}", orderId)
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("paid"))
                    .body("ledgerEntryId", notNullValue());

            var paid = events.awaitEvent(user.id(), AccountsEvents.PAYMENT_SUCCEEDED.type());
            var data = io.restassured.path.json.JsonPath.from(paid.value());
            assertThat(data.getString("paymentId")).isEqualTo(orderId);
            assertThat(data.getString("provider")).isEqualTo("webhook");
            assertThat(data.getLong("amountMicros")).isEqualTo(20 * UNIT);
            assertThat(events.all(user.id(), AccountsEvents.PAYMENT_SUCCEEDED.type()))
                    .hasSize(1);
            events.awaitEvent(user.id(), AccountsEvents.ACCOUNT_BALANCE_CHANGED.type());
        }
    }

    @Test
    void refusesTamperedUnsignedStaleAndWronglySignedWebhooksAndChangesNothing() {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("attacker");
        String token = user.token();
        String orderId = MoneyApi.createOrder(token, 10 * UNIT, "webhook")
                .statusCode(201)
                .extract()
                .path("id");
        String paymentId = "pi_" + UUID.randomUUID();
        String body = MoneyApi.webhookBody(orderId, paymentId, 10 * UNIT);
        String signature = MoneyApi.sign(body, Instant.now());

        String tampered = body.replace("10000000", "99000000");
        MoneyApi.webhook("webhook", tampered, signature)
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("https://sealcloud.io/problems/webhook-signature-invalid"));
        MoneyApi.webhook("webhook", body, null)
                .statusCode(401)
                .body("type", equalTo("https://sealcloud.io/problems/webhook-signature-invalid"));
        MoneyApi.webhook("webhook", body, "t=" + Instant.now().getEpochSecond() + ",v1=" + "00".repeat(32))
                .statusCode(401);
        MoneyApi.webhook(
                        "webhook",
                        body,
                        io.sealcloud.accounts.domain.WebhookSignature.sign(
                                "another-secret",
                                Instant.now(),
                                body.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .statusCode(401);
        MoneyApi.webhook("webhook", body, MoneyApi.sign(body, Instant.now().minus(Duration.ofMinutes(6))))
                .statusCode(401)
                .body("type", equalTo("https://sealcloud.io/problems/webhook-signature-expired"));
        // A user's token is no signature: the user cannot confirm their own order.
        Api.as(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post(Api.BASE + "/payments/webhooks/webhook")
                .then()
                .statusCode(401);
        MoneyApi.webhook("sandbox", body, signature)
                .statusCode(400)
                .body("type", equalTo("https://sealcloud.io/problems/webhook-not-supported"));
        MoneyApi.webhook("nosuchprovider", body, signature).statusCode(404);

        assertThat(MoneyApi.balance(token)).isEqualTo(5 * UNIT);
        Api.as(token).get(Api.BASE + "/payments/orders/{id}", orderId).then().body("status", equalTo("pending"));

        // The genuine notification still works afterwards: nothing above consumed it.
        MoneyApi.webhook("webhook", body, signature).statusCode(200).body("result", equalTo("booked"));
        assertThat(MoneyApi.balance(token)).isEqualTo(15 * UNIT);
    }

    @Test
    void refusesSignedWebhooksForUnknownOrdersOtherAmountsExpiredOrdersAndSecondPayments() {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("edgecases");
        String token = user.token();
        String orderId = MoneyApi.createOrder(token, 10 * UNIT, "webhook")
                .statusCode(201)
                .extract()
                .path("id");

        signed(MoneyApi.webhookBody("po_doesnotexist", "pi_" + UUID.randomUUID(), 10 * UNIT))
                .statusCode(404)
                .body("type", equalTo("https://sealcloud.io/problems/payment-order-not-found"));
        signed(MoneyApi.webhookBody(orderId, "pi_" + UUID.randomUUID(), 9 * UNIT))
                .statusCode(422)
                .body("type", equalTo("https://sealcloud.io/problems/payment-amount-mismatch"));
        assertThat(MoneyApi.balance(token)).isEqualTo(5 * UNIT);

        signed(MoneyApi.webhookBody(orderId, "pi_first", 10 * UNIT)).statusCode(200);
        signed(MoneyApi.webhookBody(orderId, "pi_second", 10 * UNIT))
                .statusCode(409)
                .body("type", equalTo("https://sealcloud.io/problems/payment-order-already-paid"));
        assertThat(MoneyApi.balance(token)).isEqualTo(15 * UNIT);

        String late = MoneyApi.createOrder(token, 10 * UNIT, "webhook")
                .statusCode(201)
                .extract()
                .path("id");
        try {
            clock.advance(Duration.ofMinutes(16));
            Api.as(token).get(Api.BASE + "/payments/orders/{id}", late).then().body("status", equalTo("expired"));
            String body = MoneyApi.webhookBody(late, "pi_" + UUID.randomUUID(), 10 * UNIT);
            MoneyApi.webhook("webhook", body, MoneyApi.sign(body, clock.instant()))
                    .statusCode(409)
                    .body("type", equalTo("https://sealcloud.io/problems/payment-order-expired"));
        } finally {
            clock.reset();
        }
        assertThat(MoneyApi.balance(token)).isEqualTo(15 * UNIT);
    }

    @Test
    void letsOnlyOpsCompleteSandboxOrdersAndRefundThem() {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("sandboxer");
        String token = user.token();
        String ops = MoneyApi.ops().token();
        String orderId = MoneyApi.createOrder(token, 30 * UNIT, "sandbox")
                .statusCode(201)
                .extract()
                .path("id");

        MoneyApi.completeSandbox(token, orderId).statusCode(403);
        assertThat(MoneyApi.balance(token)).isEqualTo(5 * UNIT);

        MoneyApi.completeSandbox(ops, orderId).statusCode(200).body("result", equalTo("booked"));
        MoneyApi.completeSandbox(ops, orderId).statusCode(200).body("result", equalTo("already-booked"));
        assertThat(MoneyApi.balance(token)).isEqualTo(35 * UNIT);

        refund(ops, orderId, 40 * UNIT).statusCode(400).body("errors[0].pointer", equalTo("/amountMicros"));
        refund(ops, orderId, 10 * UNIT).statusCode(200).body("status", equalTo("partially-refunded"));
        assertThat(MoneyApi.balance(token)).isEqualTo(25 * UNIT);
        Api.as(token)
                .queryParam("type", "refund")
                .get(Api.BASE + "/account/entries")
                .then()
                .body("items", hasSize(1))
                .body("items[0].amountMicros", equalTo(-10_000_000));
    }

    @Test
    void validatesOrdersAndKeepsEachUsersOrdersToThemselves() {
        TestUser alice = KeycloakTestResource.realm().createUniqueUser("ordera");
        TestUser bob = KeycloakTestResource.realm().createUniqueUser("orderb");
        MoneyApi.createOrder(alice.token(), 0, "sandbox").statusCode(400);
        MoneyApi.createOrder(alice.token(), 10 * UNIT, "bitcoin")
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/provider"));
        MoneyApi.createOrder(alice.token(), 100, "sandbox")
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/amountMicros"));
        Api.as(alice.token())
                .contentType(ContentType.JSON)
                .body("{\"amountMicros\":1000000,\"provider\":\"sandbox\",\"paid\":true}")
                .post(Api.BASE + "/payments/orders")
                .then()
                .statusCode(400);

        String a1 = MoneyApi.createOrder(alice.token(), 10 * UNIT, "sandbox")
                .statusCode(201)
                .extract()
                .path("id");
        String a2 = MoneyApi.createOrder(alice.token(), 11 * UNIT, "sandbox")
                .statusCode(201)
                .extract()
                .path("id");
        String b1 = MoneyApi.createOrder(bob.token(), 12 * UNIT, "sandbox")
                .statusCode(201)
                .extract()
                .path("id");

        var page = Api.as(alice.token())
                .queryParam("limit", 1)
                .get(Api.BASE + "/payments/orders")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(a2))
                .extract();
        Api.as(alice.token())
                .queryParam("limit", 1)
                .queryParam("cursor", page.<String>path("nextCursor"))
                .get(Api.BASE + "/payments/orders")
                .then()
                .body("items[0].id", equalTo(a1))
                .body("nextCursor", org.hamcrest.Matchers.nullValue());
        Api.as(alice.token()).get(Api.BASE + "/payments/orders/{id}", b1).then().statusCode(404);
        Api.as(bob.token()).get(Api.BASE + "/payments/orders/{id}", a1).then().statusCode(404);
    }

    @Test
    void theSweepMarksExpiredOrdersInTheDatabaseAndAWebhookForOneIsRefused() throws Throwable {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("late-payer");
        String token = user.token();
        String orderId = MoneyApi.createOrder(token, 20 * UNIT, "webhook")
                .statusCode(201)
                .extract()
                .path("id");
        assertThat(storedStatus(orderId)).isEqualTo("pending");
        try {
            clock.advance(Duration.ofMinutes(16));
            // The sweep's own transaction needs a Vert.x context, as the scheduler gives it.
            assertThat(VertxContextSupport.subscribeAndAwait(payments::expireOrders))
                    .isGreaterThanOrEqualTo(1);
            assertThat(storedStatus(orderId)).isEqualTo("expired");
            assertThat(VertxContextSupport.subscribeAndAwait(payments::expireOrders))
                    .as("idempotent: nothing left to expire")
                    .isZero();
        } finally {
            clock.reset();
        }
        String body = MoneyApi.webhookBody(orderId, "pi_" + UUID.randomUUID(), 20 * UNIT);
        signed(body).statusCode(409).body("type", containsString("payment-order-expired"));
        assertThat(MoneyApi.balance(token)).isEqualTo(5 * UNIT);
    }

    @Test
    void aRefundMadeInThePartnersConsoleIsRecordedOnceWithItsReasonAndAudited() {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("refundee");
        String token = user.token();
        TestUser operator = MoneyApi.ops();
        String ops = operator.token();
        String orderId = MoneyApi.createOrder(token, 20 * UNIT, "webhook")
                .statusCode(201)
                .extract()
                .path("id");
        signed(MoneyApi.webhookBody(orderId, "pi_" + UUID.randomUUID(), 20 * UNIT))
                .statusCode(200);

        refund(ops, orderId, 5 * UNIT)
                .statusCode(409)
                .body("type", containsString("refund-not-supported"))
                .body("detail", containsString("externalRefundId"));
        assertThat(MoneyApi.balance(token)).isEqualTo(25 * UNIT);
        externalRefund(ops, orderId, 5 * UNIT, false).statusCode(400);
        assertThat(MoneyApi.balance(token))
                .as("a refund without a reason changes nothing")
                .isEqualTo(25 * UNIT);

        externalRefund(ops, orderId, 5 * UNIT, true).statusCode(200).body("status", equalTo("partially-refunded"));
        externalRefund(ops, orderId, 5 * UNIT, true).statusCode(200); // the same partner reference books once
        assertThat(MoneyApi.balance(token)).isEqualTo(20 * UNIT);
        Api.as(token)
                .queryParam("type", "refund")
                .get(Api.BASE + "/account/entries")
                .then()
                .body("items", hasSize(1))
                .body("items[0].amountMicros", equalTo(-5_000_000))
                .body("items[0].description", containsString("customer asked"));
        Api.as(ops)
                .queryParam("actor", operator.id())
                .queryParam("size", 100)
                .get(Api.BASE + "/ops/audit")
                .then()
                .statusCode(200)
                .body(
                        "items.find { it.action == 'payment.refunded' && it.target == '" + user.id()
                                + "' }.details.reason",
                        equalTo("customer asked"));
    }

    @Test
    void ledgerMetricsCountBookingsPaymentsAndRejectionsByTag() throws Throwable {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("metered");
        String token = user.token();
        Api.me(token).statusCode(200);
        String booked = "sealcloud_accounts_payments_total{outcome=\"booked\",provider=\"webhook\"}";
        String rejected = "sealcloud_accounts_webhooks_rejected_total{provider=\"webhook\","
                + "reason=\"webhook-signature-invalid\"}";
        String recharges = "sealcloud_accounts_ledger_entries_total{type=\"recharge\"}";
        String rechargedMicros = "sealcloud_accounts_ledger_micros_total{direction=\"credit\",type=\"recharge\"}";
        double bookedBefore = metric(booked);
        double rejectedBefore = metric(rejected);
        double rechargesBefore = metric(recharges);
        double microsBefore = metric(rechargedMicros);

        String orderId = MoneyApi.createOrder(token, 20 * UNIT, "webhook")
                .statusCode(201)
                .extract()
                .path("id");
        String body = MoneyApi.webhookBody(orderId, "pi_" + UUID.randomUUID(), 20 * UNIT);
        MoneyApi.webhook("webhook", body.replace("20000000", "90000000"), MoneyApi.sign(body, Instant.now()))
                .statusCode(401);
        signed(body).statusCode(200);

        assertThat(metric(booked) - bookedBefore).isEqualTo(1.0);
        assertThat(metric(rejected) - rejectedBefore).isEqualTo(1.0);
        assertThat(metric(recharges) - rechargesBefore).isEqualTo(1.0);
        assertThat(metric(rechargedMicros) - microsBefore).isEqualTo(20_000_000.0);
        // The gauge is read from the database: this user is normal now (25 units), so at least one.
        VertxContextSupport.subscribeAndAwait(ledgerMetrics::refresh);
        assertThat(registry.get("sealcloud.accounts.accounts")
                        .tag("state", "normal")
                        .gauge()
                        .value())
                .isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void aBookingRolledBackWithItsTransactionIsNotCounted() throws Throwable {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("rolledback");
        String token = user.token();
        Api.me(token).statusCode(200);
        long balanceBefore = MoneyApi.balance(token);
        String entries = "sealcloud_accounts_ledger_entries_total{type=\"adjustment\"}";
        String micros = "sealcloud_accounts_ledger_micros_total{direction=\"credit\",type=\"adjustment\"}";
        double entriesBefore = metric(entries);
        double microsBefore = metric(micros);

        // The booking succeeds, a later step of its transaction fails: the whole transaction rolls back.
        EntryDraft draft = EntryDraft.of(
                user.id(), EntryType.ADJUSTMENT, 7 * UNIT, "test:rollback:" + UUID.randomUUID(), "test", "test");
        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> ledger.book(
                                draft)
                        .chain(booked -> Uni.createFrom()
                                .failure(new IllegalStateException("a later step failed after " + booked.entryId()))))))
                .hasMessageContaining("a later step failed");
        assertThat(MoneyApi.balance(token)).as("rolled back").isEqualTo(balanceBefore);
        assertThat(metric(entries)).as("a rolled-back booking is not counted").isEqualTo(entriesBefore);
        assertThat(metric(micros)).isEqualTo(microsBefore);

        // The same booking committed, joined by an outer transaction: counted once that one commits.
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> ledger.book(draft)));
        assertThat(MoneyApi.balance(token)).isEqualTo(balanceBefore + 7 * UNIT);
        assertThat(metric(entries) - entriesBefore).isEqualTo(1.0);
        assertThat(metric(micros) - microsBefore).isEqualTo(7_000_000.0);
    }

    /** A sample's value on /q/metrics (Prometheus text), 0 when the series does not exist yet. */
    static double metric(String series) {
        String text = io.restassured.RestAssured.get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return text.lines()
                .filter(line -> line.startsWith(series + " "))
                .map(line ->
                        Double.parseDouble(line.substring(series.length() + 1).trim()))
                .findFirst()
                .orElse(0.0);
    }

    private String storedStatus(String orderId) throws Exception {
        try (Connection c = database.getConnection();
                var s = c.prepareStatement("SELECT status FROM payment_orders WHERE id = ?")) {
            s.setString(1, orderId);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static io.restassured.response.ValidatableResponse externalRefund(
            String ops, String orderId, long micros, boolean withReason) {
        String reason = withReason ? "\"reason\":\"customer asked\"," : "";
        String body = "{\"amountMicros\":" + micros + "," + reason + "\"externalRefundId\":\"re_console_42\"}";
        return Api.as(ops)
                .contentType(ContentType.JSON)
                .body(body)
                .post(Api.BASE + "/ops/payments/orders/{id}/refunds", orderId)
                .then();
    }

    private static io.restassured.response.ValidatableResponse signed(String body) {
        return MoneyApi.webhook("webhook", body, MoneyApi.sign(body, Instant.now()));
    }

    private static io.restassured.response.ValidatableResponse refund(String ops, String orderId, long micros) {
        return Api.as(ops)
                .contentType(ContentType.JSON)
                .body("{\"amountMicros\":" + micros + ",\"reason\":\"customer asked\"}")
                .post(Api.BASE + "/ops/payments/orders/{id}/refunds", orderId)
                .then();
    }
}
