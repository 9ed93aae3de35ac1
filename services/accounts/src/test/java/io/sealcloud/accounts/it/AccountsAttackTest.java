package io.sealcloud.accounts.it;

import static io.sealcloud.accounts.it.MoneyApi.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sealcloud.testkit.ForgedTokens;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a hostile user, ops insider or forger would try against accounts (issue 13), one named test each: every attempt
 * is answered with a problem (never a 500) and changes nothing. The payment, transfer and idempotency attacks have
 * their own classes (PaymentWebhookTest, OwnershipTransferTest, the platform's IdempotencyTest); this is the rest.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "accounts")
@WithKeycloak
@WithControlPlane(serviceAccount = "accounts")
class AccountsAttackTest {

    @Test
    void everyForgedTokenIsRefusedAsAProblemAndCreatesNoUser() {
        TestUser victim = KeycloakTestResource.realm().createUniqueUser("victim");
        Map<String, String> forged = ForgedTokens.all(KeycloakTestResource.realm(), victim);

        forged.forEach((attack, token) -> {
            Api.me(token).statusCode(401).contentType(startsWith("application/problem+json"));
            Api.as(token)
                    .get(Api.BASE + "/workspaces")
                    .then()
                    .statusCode(401)
                    .contentType(startsWith("application/problem+json"));
        });
        assertThat(forged).hasSize(8);
        // None of them signed the victim in: accounts has never heard of them.
        Api.as(MoneyApi.ops().token())
                .queryParam("query", victim.id())
                .get(Api.BASE + "/ops/users")
                .then()
                .statusCode(200)
                .body("items", hasSize(0));
    }

    @Test
    void opsCannotAdjustTheirOwnBalanceButAnotherOpsUserCan() {
        TestUser mallory = MoneyApi.ops();
        String malloryToken = mallory.token();
        Api.me(malloryToken).statusCode(200);
        long before = MoneyApi.balance(malloryToken);

        MoneyApi.adjust(malloryToken, mallory.id(), 1_000 * UNIT, "bonus")
                .statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://sealcloud.io/problems/four-eyes"));
        MoneyApi.adjust(malloryToken, mallory.id(), -1 * UNIT, "hiding a charge")
                .statusCode(403);
        assertThat(MoneyApi.balance(malloryToken)).isEqualTo(before);
        Api.as(malloryToken)
                .queryParam("type", "adjustment")
                .get(Api.BASE + "/account/entries")
                .then()
                .body("items", hasSize(0));

        MoneyApi.adjust(MoneyApi.ops().token(), mallory.id(), 2 * UNIT, "refund of an outage")
                .statusCode(201);
        assertThat(MoneyApi.balance(malloryToken)).isEqualTo(before + 2 * UNIT);
    }

    @Test
    void opsCannotRedeemAGiftCodeTheyIssuedButOthersCan() {
        TestUser mallory = MoneyApi.ops();
        String malloryToken = mallory.token();
        Api.me(malloryToken).statusCode(200);
        long before = MoneyApi.balance(malloryToken);
        String code = "SELF-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Api.as(malloryToken)
                .contentType(ContentType.JSON)
                .body("{\"code\":\"" + code + "\",\"amountMicros\":500000000,\"maxUses\":2}")
                .post(Api.BASE + "/ops/gift-codes")
                .then()
                .statusCode(201);

        redeem(malloryToken, code)
                .statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://sealcloud.io/problems/four-eyes"));
        assertThat(MoneyApi.balance(malloryToken)).isEqualTo(before);
        Api.as(malloryToken)
                .get(Api.BASE + "/ops/gift-codes/{code}", code)
                .then()
                .body("uses", equalTo(0));

        String customer =
                KeycloakTestResource.realm().createUniqueUser("giftee").token();
        redeem(customer, code).statusCode(200).body("balanceMicros", equalTo(505_000_000));
    }

    @Test
    void aPageNumberWhoseOffsetOverflowsAnIntIsAnEmptyPageNotAServerError() {
        TestUser owner = KeycloakTestResource.realm().createUniqueUser("pager");
        String token = owner.token();
        String id = TeamApi.createTeam(token, "paged").statusCode(201).extract().path("id");
        TeamApi.inviteCode(token, id, "developer");
        TestUser ops = MoneyApi.ops();

        for (String page : new String[] {"1073741824", "2147483647"}) {
            Api.as(token)
                    .queryParam("page", page)
                    .queryParam("size", 2)
                    .get(TeamApi.WS + "/members", id)
                    .then()
                    .statusCode(200)
                    .body("items", hasSize(0))
                    .body("total", equalTo(1));
            Api.as(token)
                    .queryParam("page", page)
                    .queryParam("size", 100)
                    .get(TeamApi.WS + "/invitations", id)
                    .then()
                    .statusCode(200)
                    .body("items", hasSize(0))
                    .body("total", equalTo(1));
            Api.as(ops.token())
                    .queryParam("query", owner.username())
                    .queryParam("page", page)
                    .queryParam("size", 2)
                    .get(Api.BASE + "/ops/users")
                    .then()
                    .statusCode(200)
                    .body("items", hasSize(0));
            Api.as(ops.token())
                    .queryParam("query", id)
                    .queryParam("page", page)
                    .queryParam("size", 2)
                    .get(Api.BASE + "/ops/workspaces")
                    .then()
                    .statusCode(200)
                    .body("items", hasSize(0));
        }
        // Not an int at all: refused with a problem, as before.
        Api.as(token)
                .queryParam("page", "2147483648")
                .get(TeamApi.WS + "/members", id)
                .then()
                .statusCode(org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(400))
                        .and(org.hamcrest.Matchers.lessThan(500)))
                .contentType(startsWith("application/problem+json"));
    }

    private static io.restassured.response.ValidatableResponse redeem(String token, String code) {
        return Api.as(token)
                .post(Api.BASE + "/account/gift-codes/{code}/redeem", code)
                .then();
    }
}
