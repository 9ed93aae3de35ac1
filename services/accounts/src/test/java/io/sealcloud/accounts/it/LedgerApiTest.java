package io.sealcloud.accounts.it;

import static io.sealcloud.accounts.it.MoneyApi.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The ledger as users and ops see it: sign-up credit, entries, statements, adjustments, gift codes, credit expiry. */
@QuarkusTest
@WithKafka
@WithPostgres(database = "accounts")
@WithKeycloak
@WithControlPlane(serviceAccount = "accounts")
class LedgerApiTest {

    @Inject
    DataSource database;

    @Inject
    TestClock clock;

    @Test
    void grantsTheSignUpCreditOnceWithTheAccount() {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("signup");
        String token = user.token();
        Api.me(token).statusCode(200);
        Api.me(token).statusCode(200);

        MoneyApi.account(token)
                .statusCode(200)
                .body("id", equalTo(user.id()))
                .body("balanceMicros", equalTo(5_000_000))
                .body("creditMicros", equalTo(0))
                .body("debtState", equalTo("critical-balance"));
        Api.as(token)
                .get(Api.BASE + "/account/entries")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].type", equalTo("gift"))
                .body("items[0].amountMicros", equalTo(5_000_000))
                .body("items[0].balanceAfterMicros", equalTo(5_000_000))
                .body("items[0].description", equalTo("Sign-up credit"))
                .body("nextCursor", nullValue());
    }

    @Test
    void pagesAndFiltersEntriesNewestFirst() {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("pages");
        String token = user.token();
        Api.me(token).statusCode(200);
        String ops = MoneyApi.ops().token();
        for (int i = 1; i <= 3; i++) {
            MoneyApi.adjust(ops, user.id(), i * UNIT, "goodwill " + i).statusCode(201);
        }

        var first = Api.as(token)
                .queryParam("limit", 2)
                .get(Api.BASE + "/account/entries")
                .then()
                .statusCode(200)
                .body("items", hasSize(2))
                .body("items[0].amountMicros", equalTo(3_000_000))
                .body("items[0].description", equalTo("Adjustment: goodwill 3"))
                .body("items[0].actor", notNullValue())
                .body("items[1].amountMicros", equalTo(2_000_000))
                .body("nextCursor", notNullValue())
                .extract();
        Api.as(token)
                .queryParam("limit", 2)
                .queryParam("cursor", first.<String>path("nextCursor"))
                .get(Api.BASE + "/account/entries")
                .then()
                .statusCode(200)
                .body("items", hasSize(2))
                .body("items[0].amountMicros", equalTo(1_000_000))
                .body("items[1].type", equalTo("gift"))
                .body("nextCursor", nullValue());

        Api.as(token)
                .queryParam("type", "adjustment")
                .get(Api.BASE + "/account/entries")
                .then()
                .statusCode(200)
                .body("items", hasSize(3));
        Api.as(token)
                .queryParam("from", "2999-01-01T00:00:00Z")
                .get(Api.BASE + "/account/entries")
                .then()
                .statusCode(200)
                .body("items", hasSize(0));
        Api.as(token)
                .queryParam("to", "2000-01-01T00:00:00Z")
                .get(Api.BASE + "/account/entries")
                .then()
                .statusCode(200)
                .body("items", hasSize(0));
    }

    @Test
    void refusesBadListParametersWithProblems() {
        String token =
                KeycloakTestResource.realm().createUniqueUser("badparams").token();
        Api.as(token)
                .queryParam("type", "bonus")
                .get(Api.BASE + "/account/entries")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].parameter", equalTo("type"));
        Api.as(token)
                .queryParam("limit", 0)
                .get(Api.BASE + "/account/entries")
                .then()
                .statusCode(400)
                .body("errors[0].parameter", equalTo("limit"));
        Api.as(token)
                .queryParam("from", "yesterday")
                .get(Api.BASE + "/account/entries")
                .then()
                .statusCode(400)
                .body("errors[0].parameter", equalTo("from"));
        Api.as(token)
                .queryParam("cursor", "not-a-cursor")
                .get(Api.BASE + "/account/entries")
                .then()
                .statusCode(400)
                .body("errors[0].parameter", equalTo("cursor"));
        Api.as(token).get(Api.BASE + "/account/statements/2026-13").then().statusCode(400);
        Api.as(token).get(Api.BASE + "/account/statements/2999-01").then().statusCode(400);
    }

    @Test
    void statesAMonthWithOpeningTotalsAndClosingBalance() {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("statement");
        String token = user.token();
        Api.me(token).statusCode(200);
        String ops = MoneyApi.ops().token();
        MoneyApi.adjust(ops, user.id(), 7 * UNIT, "promo").statusCode(201);
        MoneyApi.adjust(ops, user.id(), -2 * UNIT, "correction").statusCode(201);
        String month = YearMonth.now(ZoneOffset.UTC).toString();

        Api.as(token)
                .get(Api.BASE + "/account/statements/{month}", month)
                .then()
                .statusCode(200)
                .body("month", equalTo(month))
                .body("openingBalanceMicros", equalTo(0))
                .body("closingBalanceMicros", equalTo(10_000_000))
                .body("totals.find { it.type == 'gift' }.amountMicros", equalTo(5_000_000))
                .body("totals.find { it.type == 'adjustment' }.amountMicros", equalTo(5_000_000))
                .body("totals.find { it.type == 'adjustment' }.count", equalTo(2));
        Api.as(token)
                .get(
                        Api.BASE + "/account/statements/{month}",
                        YearMonth.now(ZoneOffset.UTC).minusMonths(1).toString())
                .then()
                .statusCode(200)
                .body("openingBalanceMicros", equalTo(0))
                .body("closingBalanceMicros", equalTo(0))
                .body("totals", hasSize(0));
    }

    @Test
    void refusesToUpdateOrDeleteLedgerEntries() throws SQLException {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("appendonly");
        Api.me(user.token()).statusCode(200);
        try (Connection c = database.getConnection();
                Statement s = c.createStatement()) {
            assertThatThrownBy(() ->
                            s.executeUpdate("UPDATE ledger_entries SET amount_micros = 999000000 WHERE account_id = '"
                                    + user.id() + "'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(
                            () -> s.executeUpdate("DELETE FROM ledger_entries WHERE account_id = '" + user.id() + "'"))
                    .hasMessageContaining("append-only");
        }
        assertThat(MoneyApi.balance(user.token())).isEqualTo(5 * UNIT);
    }

    @Test
    void refusesOpsEndpointsToUsersAndAnonymousCallersAndChangesNothing() {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("notops");
        String token = user.token();
        Api.me(token).statusCode(200);
        String order = MoneyApi.createOrder(token, 10 * UNIT, "sandbox")
                .statusCode(201)
                .extract()
                .path("id");

        MoneyApi.opsAccount(token, user.id()).statusCode(403).contentType("application/problem+json");
        Api.as(token)
                .get(Api.BASE + "/ops/accounts/{id}/entries", user.id())
                .then()
                .statusCode(403);
        MoneyApi.adjust(token, user.id(), 1_000 * UNIT, "I deserve it").statusCode(403);
        Api.as(token)
                .contentType(ContentType.JSON)
                .body("{\"amountMicros\":1000000000}")
                .post(Api.BASE + "/ops/gift-codes")
                .then()
                .statusCode(403);
        Api.as(token).get(Api.BASE + "/ops/gift-codes").then().statusCode(403);
        MoneyApi.completeSandbox(token, order).statusCode(403);
        Api.as(token)
                .contentType(ContentType.JSON)
                .body("{\"amountMicros\":1000000,\"reason\":\"x\"}")
                .post(Api.BASE + "/ops/payments/orders/{id}/refunds", order)
                .then()
                .statusCode(403);
        io.restassured.RestAssured.given()
                .contentType(ContentType.JSON)
                .body("{\"amountMicros\":1000000000,\"reason\":\"anon\"}")
                .post(Api.BASE + "/ops/accounts/{id}/adjustments", user.id())
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        io.restassured.RestAssured.given().get(Api.BASE + "/account").then().statusCode(401);

        MoneyApi.account(token).statusCode(200).body("balanceMicros", equalTo(5_000_000));
        Api.as(token).get(Api.BASE + "/payments/orders/{id}", order).then().body("status", equalTo("pending"));
        Api.as(token).get(Api.BASE + "/account/entries").then().body("items", hasSize(1));
    }

    @Test
    void letsOpsReadAndAdjustAnyAccountWithAMandatoryReason() {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("adjusted");
        Api.me(user.token()).statusCode(200);
        String ops = MoneyApi.ops().token();

        MoneyApi.opsAccount(ops, user.id()).statusCode(200).body("balanceMicros", equalTo(5_000_000));
        MoneyApi.opsAccount(ops, "no-such-account").statusCode(404).contentType("application/problem+json");
        Api.as(ops)
                .contentType(ContentType.JSON)
                .body("{\"amountMicros\":1000000}")
                .post(Api.BASE + "/ops/accounts/{id}/adjustments", user.id())
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/reason"));
        MoneyApi.adjust(ops, user.id(), 0, "nothing")
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/amountMicros"));
        MoneyApi.adjust(ops, "no-such-account", UNIT, "ghost").statusCode(404);

        String key = UUID.randomUUID().toString();
        for (int i = 0; i < 2; i++) {
            Api.as(ops)
                    .contentType(ContentType.JSON)
                    .header("Idempotency-Key", key)
                    .body("{\"amountMicros\":2500000,\"reason\":\"outage credit\"}")
                    .post(Api.BASE + "/ops/accounts/{id}/adjustments", user.id())
                    .then()
                    .statusCode(201)
                    .body("balanceMicros", equalTo(7_500_000));
        }
        Api.as(ops)
                .queryParam("type", "adjustment")
                .get(Api.BASE + "/ops/accounts/{id}/entries", user.id())
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].description", equalTo("Adjustment: outage credit"));
        assertThat(auditEntries("account.adjusted", user.id())).isEqualTo(1);
    }

    @Test
    void redeemsGiftCodesWithinTheirLimits() {
        String ops = MoneyApi.ops().token();
        String code = "WELCOME-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Api.as(ops)
                .contentType(ContentType.JSON)
                .body("{\"code\":\"" + code + "\",\"amountMicros\":3000000,\"maxUses\":3,\"perUserLimit\":2}")
                .post(Api.BASE + "/ops/gift-codes")
                .then()
                .statusCode(201)
                .body("code", equalTo(code))
                .body("uses", equalTo(0));
        Api.as(ops)
                .contentType(ContentType.JSON)
                .body("{\"code\":\"" + code + "\",\"amountMicros\":3000000}")
                .post(Api.BASE + "/ops/gift-codes")
                .then()
                .statusCode(409)
                .body("type", equalTo("https://sealcloud.io/problems/gift-code-exists"));

        String alice = KeycloakTestResource.realm().createUniqueUser("gifta").token();
        String bob = KeycloakTestResource.realm().createUniqueUser("giftb").token();
        redeem(alice, code.toLowerCase()).statusCode(200).body("balanceMicros", equalTo(8_000_000));
        redeem(alice, code).statusCode(200).body("balanceMicros", equalTo(11_000_000));
        redeem(alice, code)
                .statusCode(409)
                .body("type", equalTo("https://sealcloud.io/problems/gift-code-already-redeemed"));
        redeem(bob, code).statusCode(200);
        redeem(bob, code).statusCode(409).body("type", equalTo("https://sealcloud.io/problems/gift-code-used-up"));
        redeem(bob, "NO-SUCH-CODE").statusCode(404).contentType("application/problem+json");

        assertThat(MoneyApi.balance(alice)).isEqualTo(11 * UNIT);
        assertThat(MoneyApi.balance(bob)).isEqualTo(8 * UNIT);
        Api.as(ops)
                .get(Api.BASE + "/ops/gift-codes/{code}", code)
                .then()
                .statusCode(200)
                .body("uses", equalTo(3));

        Api.as(ops)
                .post(Api.BASE + "/ops/gift-codes/{code}/disable", code)
                .then()
                .statusCode(200);
        String carol = KeycloakTestResource.realm().createUniqueUser("giftc").token();
        redeem(carol, code).statusCode(409);
    }

    @Test
    void spendsExpiringCreditFirstAndTakesBackWhatIsLeftWhenItExpires() {
        String ops = MoneyApi.ops().token();
        String code = "SPRING-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Api.as(ops)
                .contentType(ContentType.JSON)
                .body("{\"code\":\"" + code + "\",\"amountMicros\":10000000,\"creditValidSeconds\":3600}")
                .post(Api.BASE + "/ops/gift-codes")
                .then()
                .statusCode(201);
        TestUser user = KeycloakTestResource.realm().createUniqueUser("expiring");
        String token = user.token();
        redeem(token, code).statusCode(200);
        MoneyApi.account(token)
                .body("balanceMicros", equalTo(15_000_000))
                .body("creditMicros", equalTo(10_000_000))
                .body("credits", hasSize(1));

        MoneyApi.adjust(ops, user.id(), -4 * UNIT, "usage billed by hand").statusCode(201);
        MoneyApi.account(token)
                .body("balanceMicros", equalTo(11_000_000))
                .body("creditMicros", equalTo(6_000_000))
                .body("credits[0].remainingMicros", equalTo(6_000_000));

        try {
            clock.advance(Duration.ofHours(2));
            // The periodic expiry (every second in tests) takes back the 6 units left of the gift.
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> MoneyApi.account(token)
                            .body("creditMicros", equalTo(0))
                            .body("balanceMicros", equalTo(5_000_000)));
        } finally {
            clock.reset();
        }
        Api.as(token)
                .get(Api.BASE + "/account/entries")
                .then()
                .body("items[0].type", equalTo("gift"))
                .body("items[0].amountMicros", equalTo(-6_000_000))
                .body("items[0].description", equalTo("Unused gift credit expired"));
    }

    private static io.restassured.response.ValidatableResponse redeem(String token, String code) {
        return Api.as(token)
                .post(Api.BASE + "/account/gift-codes/{code}/redeem", code)
                .then();
    }

    private long auditEntries(String action, String target) {
        try (Connection c = database.getConnection();
                var s = c.prepareStatement("SELECT count(*) FROM audit_log WHERE action = ? AND target = ?")) {
            s.setString(1, action);
            s.setString(2, target);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
