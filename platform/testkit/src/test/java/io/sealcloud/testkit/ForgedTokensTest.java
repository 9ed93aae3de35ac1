package io.sealcloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each forged token differs from a valid one in exactly the property it is named after. */
class ForgedTokensTest {

    @Test
    void eachForgedTokenBreaksTheOnePropertyItIsNamedAfter() {
        KeycloakRealm realm = KeycloakTestResource.realm();
        TestUser user = realm.createUniqueUser("forger");
        Map<String, Object> valid = KeycloakRealm.claims(user.token());

        Map<String, String> forged = ForgedTokens.all(realm, user);

        assertThat(forged)
                .containsOnlyKeys(
                        "alg-none",
                        "unknown-key",
                        "hs256-public-key-der",
                        "hs256-public-key-pem",
                        "tampered-claims",
                        "wrong-issuer",
                        "wrong-audience",
                        "expired");
        assertThat(header(forged.get("alg-none"))).contains("\"alg\":\"none\"");
        assertThat(forged.get("alg-none")).endsWith(".");
        assertThat(header(forged.get("hs256-public-key-der"))).contains("\"alg\":\"HS256\"");
        assertThat(KeycloakRealm.claims(forged.get("unknown-key")).get("sub")).isEqualTo(valid.get("sub"));
        assertThat(KeycloakRealm.claims(forged.get("tampered-claims")).get("sub"))
                .isNotEqualTo(valid.get("sub"));
        assertThat(KeycloakRealm.claims(forged.get("wrong-issuer")).get("iss")).isNotEqualTo(realm.issuer());
        assertThat(KeycloakRealm.claims(forged.get("wrong-audience")).get("aud"))
                .asString()
                .doesNotContain(KeycloakRealm.API_AUDIENCE);
        long exp = ((Number) KeycloakRealm.claims(forged.get("expired")).get("exp")).longValue();
        assertThat(exp).isLessThan(System.currentTimeMillis() / 1000);
    }

    private static String header(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
    }
}
