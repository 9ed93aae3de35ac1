package io.sealcloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The realm file as Keycloak imports it, and the KeycloakRealm helper, against the JVM's real Keycloak. */
class KeycloakRealmTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static KeycloakRealm realm;

    @BeforeAll
    static void startKeycloak() {
        realm = KeycloakTestResource.realm();
    }

    @Test
    void servesTheImportedRealmUnderItsIssuerWithPkceS256() throws Exception {
        JsonNode discovery = new ObjectMapper()
                .readTree(get(realm.issuer() + "/.well-known/openid-configuration")
                        .body());

        assertThat(discovery.get("issuer").asText()).isEqualTo(realm.issuer());
        assertThat(discovery.get("token_endpoint").asText()).isEqualTo(realm.tokenEndpoint());
        assertThat(discovery.get("code_challenge_methods_supported").toString()).contains("S256");
    }

    @Test
    void demoUserTokenIsForTheApiAndCarriesRoleUserAndProfileClaims() {
        Map<String, Object> claims = KeycloakRealm.claims(realm.passwordToken("demo", "demo-password-1"));

        assertThat(claims.get("iss")).isEqualTo(realm.issuer());
        assertThat(audiences(claims)).contains(KeycloakRealm.API_AUDIENCE);
        assertThat(realmRoles(claims)).contains("user").doesNotContain("ops", "partner");
        assertThat(claims)
                .containsEntry("preferred_username", "demo")
                .containsEntry("email", "demo@example.com")
                .containsEntry("name", "Demo User")
                .containsKey("sub");
    }

    @Test
    void opsUserTokenCarriesRolesOpsAndUser() {
        Map<String, Object> claims = KeycloakRealm.claims(realm.passwordToken("ops", "ops-password-1"));

        assertThat(realmRoles(claims)).contains("ops", "user");
        assertThat(audiences(claims)).contains(KeycloakRealm.API_AUDIENCE);
    }

    @Test
    void partnerDemoClientCredentialsTokenCarriesRolePartnerOnly() {
        Map<String, Object> claims = KeycloakRealm.claims(
                realm.clientCredentialsToken("sealcloud-partner-demo", "partner-demo-secret-dev-only"));

        assertThat(realmRoles(claims)).contains("partner").doesNotContain("user", "ops");
        assertThat(audiences(claims)).contains(KeycloakRealm.API_AUDIENCE);
        assertThat(claims).containsEntry("azp", "sealcloud-partner-demo");
    }

    @Test
    void rejectsPartnerDemoClientWithWrongSecret() {
        assertThatThrownBy(() -> realm.clientCredentialsToken("sealcloud-partner-demo", "not-the-secret"))
                .hasMessageContaining("401")
                .hasMessageContaining("unauthorized_client");
    }

    @Test
    void createdUserGetsATokenNamingItWithDefaultRoleUser() {
        TestUser user = realm.createUniqueUser("Alice");

        Map<String, Object> claims = KeycloakRealm.claims(user.token());

        assertThat(user.username()).startsWith("alice-");
        assertThat(claims)
                .containsEntry("sub", user.id())
                .containsEntry("preferred_username", user.username())
                .containsEntry("email", user.email());
        assertThat(realmRoles(claims)).contains("user").doesNotContain("ops");
        assertThat(audiences(claims)).contains(KeycloakRealm.API_AUDIENCE);
    }

    @Test
    void createdUserCarriesTheExtraRealmRolesItWasGiven() {
        TestUser operator = realm.createUniqueUser("operator", "ops");

        assertThat(realmRoles(KeycloakRealm.claims(operator.token()))).contains("ops", "user");
    }

    @Test
    void rejectsASecondUserWithTheSameUsername() {
        TestUser first = realm.createUniqueUser("bob");

        assertThatThrownBy(() -> realm.createUser(first.username()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already exists");
    }

    @Test
    void rejectsAWrongPassword() {
        TestUser user = realm.createUniqueUser("carol");

        assertThatThrownBy(() -> realm.passwordToken(user.username(), user.password() + "-wrong"))
                .hasMessageContaining("401")
                .hasMessageContaining("invalid_grant");
    }

    @Test
    void tokenOfAClientWithoutTheAudienceMapperLacksTheApiAudience() {
        String clientId = "no-audience-" + UUID.randomUUID();
        String secret = realm.createClient(clientId, Map.of(), false);

        Map<String, Object> claims = KeycloakRealm.claims(realm.clientCredentialsToken(clientId, secret));

        assertThat(claims).containsEntry("azp", clientId);
        assertThat(audiences(claims)).doesNotContain(KeycloakRealm.API_AUDIENCE);
    }

    @Test
    void clientWithOneSecondLifespanIssuesUserTokensLivingOneSecond() {
        String clientId = "short-lived-" + UUID.randomUUID();
        String secret = realm.createClient(clientId, Map.of("access.token.lifespan", "1"), true);
        TestUser user = realm.createUniqueUser("dave");

        Map<String, Object> claims =
                KeycloakRealm.claims(realm.passwordToken(clientId, secret, user.username(), user.password()));

        assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue())
                .isEqualTo(1);
        assertThat(claims).containsEntry("sub", user.id());
        assertThat(audiences(claims)).contains(KeycloakRealm.API_AUDIENCE);
    }

    @Test
    void publicTestClientIssuesUserTokensWithoutASecret() {
        String clientId = "public-" + UUID.randomUUID();
        realm.createPublicClient(clientId, Map.of(), true);
        TestUser user = realm.createUniqueUser("erin");

        Map<String, Object> claims =
                KeycloakRealm.claims(realm.passwordToken(clientId, null, user.username(), user.password()));

        assertThat(claims).containsEntry("azp", clientId).containsEntry("sub", user.id());
        assertThat(audiences(claims)).contains(KeycloakRealm.API_AUDIENCE);
    }

    @Test
    void serviceAccountOfATestClientCanBeMadeAPartner() {
        String clientId = "partner-" + UUID.randomUUID();
        String secret = realm.createClient(clientId, Map.of(), true);
        realm.grantServiceAccountRealmRoles(clientId, "partner");

        Map<String, Object> claims = KeycloakRealm.claims(realm.clientCredentialsToken(clientId, secret));

        assertThat(realmRoles(claims)).contains("partner");
    }

    @Test
    void webClientRefusesAnAuthorizationRequestWithoutPkce() throws Exception {
        HttpResponse<String> response = get(authorizationUrl("http://localhost:3000/callback", Map.of()));

        assertThat(response.statusCode()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("http://localhost:3000/callback").contains("error=invalid_request");
    }

    @Test
    void webClientShowsTheLoginPageForAnAuthorizationRequestWithPkceS256() throws Exception {
        HttpResponse<String> response = get(authorizationUrl(
                "http://localhost:3000/callback",
                Map.of(
                        "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                        "code_challenge_method", "S256")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("kc-form-login");
    }

    @Test
    void webClientRefusesARedirectOutsideLocalhost() throws Exception {
        HttpResponse<String> response = get(authorizationUrl(
                "https://attacker.example.com/callback",
                Map.of(
                        "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                        "code_challenge_method", "S256")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).isEmpty();
    }

    private static String authorizationUrl(String redirectUri, Map<String, String> extra) {
        StringBuilder url = new StringBuilder(realm.issuer())
                .append("/protocol/openid-connect/auth?client_id=")
                .append(KeycloakRealm.WEB_CLIENT)
                .append("&response_type=code&scope=openid&state=test-state&redirect_uri=")
                .append(URLEncoder.encode(redirectUri, StandardCharsets.UTF_8));
        extra.forEach((name, value) ->
                url.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return url.toString();
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static List<String> realmRoles(Map<String, Object> claims) {
        Map<String, Object> realmAccess = (Map<String, Object>) claims.getOrDefault("realm_access", Map.of());
        return (List<String>) realmAccess.getOrDefault("roles", List.of());
    }

    /** {@code aud} is a string for one audience and an array for several (RFC 7519 allows both). */
    @SuppressWarnings("unchecked")
    private static List<String> audiences(Map<String, Object> claims) {
        Object aud = claims.get("aud");
        if (aud == null) {
            return List.of();
        }
        return aud instanceof List<?> list ? (List<String>) list : List.of((String) aud);
    }
}
