package io.sealcloud.accounts.it;

import static io.sealcloud.accounts.it.MoneyApi.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import io.sealcloud.contracts.accounts.AccountsEvents;
import io.sealcloud.testkit.EventProbe;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The debt ladder end to end: a balance below zero suspends the owner's workspaces (reason {@code debt} in the
 * Workspace spec), a recharge that covers the debt lifts it, a smaller one does not (debt is never written off), and
 * time moves an unpaid account to debt-deletion and final-deletion.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "accounts")
@WithKeycloak
@WithKubernetesTestServer(setup = AccountsKubernetesSetup.class)
class DebtLifecycleTest {

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    TestClock clock;

    @Test
    void suspendsInDebtRecoversTheWholeDebtAndLiftsOnlyThen() {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("debtor");
        String token = user.token();
        String workspace = Api.me(token).statusCode(200).extract().path("personalWorkspaceId");
        String ops = MoneyApi.ops().token();

        try (EventProbe events = new EventProbe(AccountsEvents.TOPIC)) {
            // Owe 500 units.
            MoneyApi.adjust(ops, user.id(), -505 * UNIT, "usage billed by hand").statusCode(201);
            MoneyApi.account(token).body("balanceMicros", equalTo(-500_000_000)).body("debtState", equalTo("debt"));
            awaitSuspended(workspace, true);
            var entered = events.awaitEvent(user.id(), AccountsEvents.ACCOUNT_DEBT_STATE_CHANGED.type());
            assertThat(events.all(user.id(), AccountsEvents.ACCOUNT_DEBT_STATE_CHANGED.type()))
                    .anySatisfy(e -> assertThat(move(e)).isEqualTo("critical-balance -> debt -500000000"));
            assertThat(entered.header("ce_subject")).isEqualTo(user.id());

            // Pay 10: still 490 in debt, still suspended.
            payThroughWebhook(token, 10 * UNIT);
            MoneyApi.account(token).body("balanceMicros", equalTo(-490_000_000)).body("debtState", equalTo("debt"));
            assertThat(workspaceResource(workspace).getSpec().getSuspensionReasons())
                    .contains("debt");

            // Pay 500: the debt is recovered in full, 10 are left, and the workspace resumes.
            payThroughWebhook(token, 500 * UNIT);
            MoneyApi.account(token)
                    .body("balanceMicros", equalTo(10_000_000))
                    .body("debtState", equalTo("low-balance"));
            awaitSuspended(workspace, false);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> events.all(user.id(), AccountsEvents.ACCOUNT_DEBT_STATE_CHANGED.type()).stream()
                            .anyMatch(e -> move(e).equals("debt -> low-balance 10000000")));
        }

        Api.as(token)
                .get(Api.BASE + "/account/notifications")
                .then()
                .statusCode(200)
                .body("items", hasSize(3))
                .body("items[0].state", equalTo("low-balance"))
                .body("items[0].previousState", equalTo("debt"))
                .body("items[1].state", equalTo("debt"))
                .body("items[2].state", equalTo("critical-balance"));
        Api.as(token)
                .queryParam("limit", 1)
                .get(Api.BASE + "/account/notifications")
                .then()
                .body("items", hasSize(1))
                .body("nextCursor", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void movesAnUnpaidAccountToDeletionStepsAsTheGracePeriodsPass() {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("unpaid");
        String token = user.token();
        Api.me(token).statusCode(200);
        MoneyApi.adjust(MoneyApi.ops().token(), user.id(), -6 * UNIT, "usage").statusCode(201);
        MoneyApi.account(token).body("debtState", equalTo("debt"));
        try {
            clock.advance(Duration.ofDays(7).plusMinutes(1));
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> MoneyApi.account(token).body("debtState", equalTo("debt-deletion")));
            clock.advance(Duration.ofDays(7).plusMinutes(1));
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> MoneyApi.account(token).body("debtState", equalTo("final-deletion")));
        } finally {
            clock.reset();
        }
        // A later charge keeps the account where it is; it never climbs back without paying.
        MoneyApi.adjust(MoneyApi.ops().token(), user.id(), -1 * UNIT, "usage").statusCode(201);
        MoneyApi.account(token).body("debtState", equalTo("final-deletion")).body("balanceMicros", equalTo(-2_000_000));
        Api.as(token)
                .get(Api.BASE + "/account/notifications")
                .then()
                .body("items[0].state", equalTo("final-deletion"))
                .body("items[1].state", equalTo("debt-deletion"));
    }

    /** "previous -> state balance" of a debt-state-changed record. */
    private static String move(EventProbe.Received event) {
        JsonPath data = JsonPath.from(event.value());
        return data.getString("previousState") + " -> " + data.getString("state") + " " + data.getLong("balanceMicros");
    }

    private void payThroughWebhook(String token, long micros) {
        String orderId = MoneyApi.createOrder(token, micros, "webhook")
                .statusCode(201)
                .extract()
                .path("id");
        String body = MoneyApi.webhookBody(orderId, "pi_" + UUID.randomUUID(), micros);
        MoneyApi.webhook("webhook", body, MoneyApi.sign(body, Instant.now()))
                .statusCode(200)
                .body("result", equalTo("booked"));
    }

    private Workspace workspaceResource(String id) {
        KubernetesClient client = server.getClient();
        return client.resources(Workspace.class).withName(id).get();
    }

    private void awaitSuspended(String workspaceId, boolean suspended) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Workspace w = workspaceResource(workspaceId);
            if (w == null || w.getSpec() == null) {
                return false;
            }
            List<String> reasons = w.getSpec().getSuspensionReasons();
            boolean hasDebt = reasons != null && reasons.contains("debt");
            return Boolean.valueOf(suspended)
                            .equals(Boolean.TRUE.equals(w.getSpec().getSuspended()))
                    && hasDebt == suspended;
        });
    }
}
