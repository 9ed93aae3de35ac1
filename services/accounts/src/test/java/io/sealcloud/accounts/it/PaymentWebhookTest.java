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
    void aSignatureTimeNoClockCanHoldIsRefusedAsAProblemNotAServerError() {
        String body = MoneyApi.webhookBody("po_any", "pi_" + UUID.randomUUID(), 10 * UNIT);
        for (String t : new String[] {"9223372036854775807", "-9223372036854775808", "99999999999999999"}) {
            MoneyApi.webhook("webhook", body, "t=" + t + ",v1=" + "00".repeat(32))
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://sealcloud.io/problems/webhook-signature-expired"));
        }
        MoneyApi.webhook("webhook", body, "t=99999999999999999999,v1=" + "00".repeat(32))
                .statusCode(401)
                .body("type", equalTo("https://sealcloud.io/problems/webhook-signature-invalid"));
    }

    @Test
    void aSignedPaymentOfNoPositiveAmountIsRefusedAndRecordsNothing() throws Exception {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("zeropay");
        String orderId = MoneyApi.createOrder(user.token(), 10 * UNIT, "webhook")
                .statusCode(201)
                .extract()
                .path("id");
        String paymentId = "pi_" + UUID.randomUUID();
        for (long micros : new long[] {0, -10 * UNIT}) {
            signed(MoneyApi.webhookBody(orderId, paymentId, micros))
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://sealcloud.io/problems/payment-amount-invalid"));
        }
        assertThat(recorded("webhook", paymentId)).isEmpty();
        assertThat(MoneyApi.balance(user.token())).isEqualTo(5 * UNIT);
    }

    @Test
    void aCapturedPaymentForAnExpiredOrderIsCreditedLateAndItsRedeliveryChangesNothing() throws Exception {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("latepaid");
        String token = user.token();
        String late = MoneyApi.createOrder(token, 10 * UNIT, "webhook")
                .statusCode(201)
                .extract()
                .path("id");
        String paymentId = "pi_" + UUID.randomUUID();
        try {
            clock.advance(Duration.ofMinutes(16));
            Api.as(token).get(Api.BASE + "/payments/orders/{id}", late).then().body("status", equalTo("expired"));
            String body = MoneyApi.webhookBody(late, paymentId, 10 * UNIT);
            String signature = MoneyApi.sign(body, clock.instant());
            MoneyApi.webhook("webhook", body, signature).statusCode(200).body("result", equalTo("booked-late"));
            MoneyApi.webhook("webhook", body, signature).statusCode(200).body("result", equalTo("already-booked"));
        } finally {
            clock.reset();
        }
        // The customer's money was taken: it is theirs, once.
        assertThat(MoneyApi.balance(token)).isEqualTo(15 * UNIT);
        Api.as(token)
                .get(Api.BASE + "/payments/orders/{id}", late)
                .then()
                .body("status", equalTo("paid"))
                .body("ledgerEntryId", notNullValue());
        assertThat(recorded("webhook", paymentId)).containsExactly("booked", "order-expired", user.id());
    }

    @Test
    void aCapturedPaymentThatCannotBeMatchedIsHeldOnTheOpsRefundQueueAndCreditsNothing() throws Exception {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("mismatched");
        String token = user.token();
        TestUser operator = MoneyApi.ops();
        String orderId = MoneyApi.createOrder(token, 10 * UNIT, "webhook")
                .statusCode(201)
                .extract()
                .path("id");
        String otherAmount = "pi_" + UUID.randomUUID();
        String unknownOrder = "pi_" + UUID.randomUUID();
        String secondPayment = "pi_" + UUID.randomUUID();

        String mismatch = MoneyApi.webhookBody(orderId, otherAmount, 9 * UNIT);
        signed(mismatch).statusCode(200).body("result", equalTo("held-for-refund"));
        signed(mismatch).statusCode(200).body("result", equalTo("already-held"));
        signed(MoneyApi.webhookBody("po_doesnotexist", unknownOrder, 10 * UNIT))
                .statusCode(200)
                .body("result", equalTo("held-for-refund"));
        assertThat(MoneyApi.balance(token)).isEqualTo(5 * UNIT);
        Api.as(token).get(Api.BASE + "/payments/orders/{id}", orderId).then().body("status", equalTo("pending"));

        // The order can still be paid with the right amount; a second payment for it is held, not credited twice.
        signed(MoneyApi.webhookBody(orderId, "pi_first", 10 * UNIT)).statusCode(200);
        signed(MoneyApi.webhookBody(orderId, secondPayment, 10 * UNIT))
                .statusCode(200)
                .body("result", equalTo("held-for-refund"));
        assertThat(MoneyApi.balance(token)).isEqualTo(15 * UNIT);

        assertThat(recorded("webhook", otherAmount)).containsExactly("held", "amount-mismatch", user.id());
        assertThat(recorded("webhook", unknownOrder)).containsExactly("held", "unknown-order", null);
        assertThat(recorded("webhook", secondPayment)).containsExactly("held", "order-already-paid", user.id());

        // Ops see the queue; users do not.
        Api.as(token).get(Api.BASE + "/ops/payments/held").then().statusCode(403);
        String ops = operator.token();
        var queue = Api.as(ops)
                .queryParam("limit", 100)
                .get(Api.BASE + "/ops/payments/held")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String heldId = queue.getString("items.find { it.providerPaymentId == '" + otherAmount + "' }.id");
        assertThat(heldId).isNotNull();
        assertThat(queue.getLong("items.find { it.providerPaymentId == '" + otherAmount + "' }.amountMicros"))
                .isEqualTo(9 * UNIT);
        assertThat(queue.getString("items.find { it.providerPaymentId == '" + otherAmount + "' }.accountId"))
                .isEqualTo(user.id());
        assertThat(queue.getList("items.providerPaymentId")).contains(unknownOrder, secondPayment);

        // Ops return it in the provider's console and record that here: off the queue, audited, nothing booked.
        Api.as(ops)
                .contentType(ContentType.JSON)
                .body("{\"reason\":\"wrong amount\"}")
                .post(Api.BASE + "/ops/payments/held/{id}/refund", heldId)
                .then()
                .statusCode(400);
        String refund = "{\"reason\":\"wrong amount\",\"externalRefundId\":\"re_console_7\"}";
        Api.as(ops)
                .contentType(ContentType.JSON)
                .body(refund)
                .post(Api.BASE + "/ops/payments/held/{id}/refund", heldId)
                .then()
                .statusCode(200)
                .body("status", equalTo("refunded"))
                .body("refundReference", equalTo("re_console_7"))
                .body("resolvedBy", equalTo(operator.id()));
        Api.as(ops)
                .contentType(ContentType.JSON)
                .body(refund)
                .post(Api.BASE + "/ops/payments/held/{id}/refund", heldId)
                .then()
                .statusCode(200);
        Api.as(ops)
                .queryParam("limit", 100)
                .get(Api.BASE + "/ops/payments/held")
                .then()
                .body("items.providerPaymentId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(otherAmount)));
        assertThat(recorded("webhook", otherAmount)).containsExactly("refunded", "amount-mismatch", user.id());
        assertThat(MoneyApi.balance(token)).isEqualTo(15 * UNIT);
        Api.as(ops)
                .queryParam("actor", operator.id())
                .queryParam("size", 100)
                .get(Api.BASE + "/ops/audit")
                .then()
                .body(
                        "items.find { it.action == 'payment.held-refunded' && it.target == '" + heldId
                                + "' }.details.refundReference",
                        equalTo("re_console_7"));
        // A signed redelivery after the refund still changes nothing.
        signed(mismatch).statusCode(200).body("result", equalTo("already-held"));
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
    void theSweepMarksExpiredOrdersInTheDatabaseAndAPaymentForOneIsStillCredited() throws Throwable {
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
        // A payment the provider captured for it anyway is credited, late.
        String body = MoneyApi.webhookBody(orderId, "pi_" + UUID.randomUUID(), 20 * UNIT);
        signed(body).statusCode(200).body("result", equalTo("booked-late"));
        assertThat(MoneyApi.balance(token)).isEqualTo(25 * UNIT);
        assertThat(storedStatus(orderId)).isEqualTo("paid");
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

    /** status, reason and account of the recorded provider payment (empty when none was recorded). */
    private java.util.List<String> recorded(String provider, String providerPaymentId) throws Exception {
        try (Connection c = database.getConnection();
                var s = c.prepareStatement("SELECT status, reason, account_id FROM provider_payments"
                        + " WHERE provider = ? AND provider_payment_id = ?")) {
            s.setString(1, provider);
            s.setString(2, providerPaymentId);
            try (var rs = s.executeQuery()) {
                if (!rs.next()) {
                    return java.util.List.of();
                }
                java.util.List<String> row = new java.util.ArrayList<>();
                row.add(rs.getString(1));
                row.add(rs.getString(2));
                row.add(rs.getString(3));
                assertThat(rs.next()).as("one record per provider payment").isFalse();
                return row;
            }
        }
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
