package io.sealcloud.accounts.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.sealcloud.testkit.KeycloakRealm;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint under /api/accounts/v1 needs a valid token from the sealcloud realm, for audience sealcloud-api, of
 * a person (role user). Each failure is a problem+json, and none of them creates anything.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "accounts")
@WithKeycloak
@WithControlPlane(serviceAccount = "accounts")
class AuthenticationTest {

    @Test
    void rejectsARequestWithoutAToken() {
        unauthorized(given().get(Api.BASE + "/me").then());
        unauthorized(given().get(Api.BASE + "/workspaces").then());
    }

    @Test
    void rejectsAnExpiredToken() {
        KeycloakRealm realm = KeycloakTestResource.realm();
        String client = "short-lived-" + UUID.randomUUID();
        String secret = realm.createClient(client, Map.of("access.token.lifespan", "1"), true);
        TestUser user = realm.createUniqueUser("expired");
        String token = realm.passwordToken(client, secret, user.username(), user.password());
        Instant expiry =
                Instant.ofEpochSecond(((Number) KeycloakRealm.claims(token).get("exp")).longValue());

        // Waiting for the clock, not for the service: the token is expired once its exp lies in the past.
        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(expiry.plusSeconds(1)));

        unauthorized(Api.me(token));
    }

    @Test
    void rejectsATokenSignedWithAnotherKey() throws Exception {
        KeycloakRealm realm = KeycloakTestResource.realm();
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey forgerKey = generator.generateKeyPair().getPrivate();
        // Everything right except the signature: issuer, audience, subject, role, lifetime.
        String forged = Jwt.issuer(realm.issuer())
                .audience(KeycloakRealm.API_AUDIENCE)
                .subject(UUID.randomUUID().toString())
                .preferredUserName("mallory")
                .claim("realm_access", Map.of("roles", List.of("user")))
                .expiresIn(300)
                .jws()
                .keyId("forged")
                .sign(forgerKey);

        unauthorized(Api.me(forged));
    }

    @Test
    void rejectsATokenIssuedForAnotherAudience() {
        KeycloakRealm realm = KeycloakTestResource.realm();
        String client = "no-audience-" + UUID.randomUUID();
        String secret = realm.createClient(client, Map.of(), false);
        TestUser user = realm.createUniqueUser("audience");
        String token = realm.passwordToken(client, secret, user.username(), user.password());

        unauthorized(Api.me(token));
    }

    @Test
    void forbidsAPartnerSystemWithoutTheUserRole() {
        String partner = KeycloakTestResource.realm()
                .clientCredentialsToken("sealcloud-partner-demo", "partner-demo-secret-dev-only");

        Api.me(partner)
                .statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(403));
    }

    @Test
    void acceptsAValidToken() {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("valid");

        Api.me(user.token()).statusCode(200).body("user.id", equalTo(user.id()));
    }

    @Test
    void keepsHealthAndMetricsOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    private static void unauthorized(ValidatableResponse response) {
        response.statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"));
        assertThat(response.extract().headers().getValues("WWW-Authenticate"))
                .as("one Bearer challenge, not the mechanism's and a default beside it")
                .hasSize(1)
                .allMatch(challenge -> challenge.startsWith("Bearer"));
    }
}
