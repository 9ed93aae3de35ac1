package io.sealcloud.appstore.it;

import static io.restassured.RestAssured.given;
import static io.sealcloud.appstore.it.AppLifecycleTest.WAIT;
import static io.sealcloud.appstore.it.AppLifecycleTest.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.sealcloud.appstore.it.AppLifecycleTest.Tenant;
import io.sealcloud.appstore.operator.crd.v1alpha1.AppInstance;
import io.sealcloud.testkit.ForgedTokens;
import io.sealcloud.testkit.KeycloakRealm;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a hostile member or partner would try against the app store (issue 13, items 7–9 and the app-store low items),
 * each refused with a problem and nothing applied.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "appstore")
@WithKeycloak
@WithControlPlane(serviceAccount = "appstore")
class AppstoreAttackTest {

    static final String DOMAIN = "cloud.sealcloud.local";

    static final KubernetesClient ADMIN = AppLifecycleTest.ADMIN;

    static Tenant tenant() {
        AttackTemplates.ensureImported();
        return AppLifecycleTest.tenant();
    }

    static ValidatableResponse install(Tenant t, TestUser user, String name, Map<String, Object> inputs) {
        return as(user).contentType(ContentType.JSON)
                .body(Map.of("template", AttackTemplates.NAME, "version", "1.0.0", "name", name, "inputs", inputs))
                .post(t.apps())
                .then();
    }

    void nothingInstalled(Tenant t) {
        as(t.owner()).get(t.apps()).then().statusCode(200).body("total", equalTo(0));
        assertThat(ADMIN.resources(AppInstance.class).inNamespace(t.ns()).list().getItems())
                .isEmpty();
    }

    // ---- forged tokens (testkit ForgedTokens: none alg, unknown key, HS256 with the public key, ...) ----------------

    @Test
    void everyForgedTokenIsRefusedAsAProblemAndInstallsNothing() {
        Tenant t = tenant();
        Map<String, String> forged = ForgedTokens.all(KeycloakTestResource.realm(), t.owner());

        forged.forEach((attack, token) -> {
            given().auth().oauth2(token).get(t.apps()).then().statusCode(401).contentType("application/problem+json");
            given().auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .body(Map.of("template", AttackTemplates.NAME, "version", "1.0.0", "name", "forged"))
                    .post(t.apps())
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json");
        });
        assertThat(forged).hasSize(8);
        nothingInstalled(t);
    }

    // ---- item 7: app Roles never exceed the installer ---------------------------------------------------------------

    @Test
    void aDeveloperCannotGiveAnAppsServiceAccountSecretWrite() {
        Tenant t = tenant();
        TestUser developer = KeycloakTestResource.realm().createUniqueUser("dev");
        memberAdded(t, developer, "developer");

        install(t, developer, "leak", Map.of("secret_role", true))
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://sealcloud.io/problems/object-not-allowed"))
                .body("detail", containsString("Role.rbac.authorization.k8s.io 'attack-"))
                .body("detail", containsString("rules[0] grants 'get' on 'secrets', which a developer may not do"));
        nothingInstalled(t);

        // The owner holds Secret write, so the owner's app may.
        install(t, t.owner(), "owned", Map.of("secret_role", true)).statusCode(201);
    }

    @Test
    void aDeveloperCannotRollBackToARevisionWhoseRoleExceedsTheirs() {
        Tenant t = tenant();
        TestUser developer = KeycloakTestResource.realm().createUniqueUser("dev");
        memberAdded(t, developer, "developer");
        install(t, t.owner(), "vault", Map.of("secret_role", true)).statusCode(201);
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(Map.of("inputs", Map.of("secret_role", false)))
                .post(t.apps() + "/vault/upgrades")
                .then()
                .statusCode(200)
                .body("revision", equalTo(2));

        as(developer)
                .contentType(ContentType.JSON)
                .body(Map.of("revision", 1))
                .post(t.apps() + "/vault/rollbacks")
                .then()
                .statusCode(422)
                .body("type", equalTo("https://sealcloud.io/problems/object-not-allowed"))
                .body("detail", containsString("which a developer may not do"));
        as(t.owner()).get(t.apps() + "/vault").then().statusCode(200).body("revision", equalTo(2));
    }

    @Test
    void noInstallerMayGiveAnAppEndpointsWrite() {
        Tenant t = tenant();

        install(t, t.owner(), "route", Map.of("endpoints_role", true))
                .statusCode(422)
                .body("type", equalTo("https://sealcloud.io/problems/object-not-allowed"))
                .body("detail", containsString("'create' on 'endpoints'"))
                .body("detail", containsString("CVE-2021-25740"));
        nothingInstalled(t);
    }

    // ---- item 8: no traffic hijacking
    // ---------------------------------------------------------------------------------

    @Test
    void anAppCannotClaimAnotherTenantsHostOrThePlatformsOwn() {
        Tenant t = tenant();
        Tenant victim = tenant();

        for (String host : new String[] {"shop-" + victim.id(), "console", "blog-" + victim.id()}) {
            install(t, t.owner(), "blog", Map.of("host", host))
                    .statusCode(422)
                    .body("type", equalTo("https://sealcloud.io/problems/object-not-allowed"))
                    .body("detail", containsString("Ingress.networking.k8s.io"))
                    .body("detail", containsString("'" + host + "." + DOMAIN + "'"))
                    .body("detail", containsString("blog-" + t.id() + "." + DOMAIN));
        }
        nothingInstalled(t);

        // Its own host, and a name under it, are fine; without a host input it gets its own.
        install(t, t.owner(), "blog", Map.of("host", "api-blog-" + t.id())).statusCode(201);
        install(t, t.owner(), "wiki", Map.of()).statusCode(201);
        Ingress ingress = await().atMost(WAIT)
                .until(
                        () -> ADMIN.network()
                                .v1()
                                .ingresses()
                                .inNamespace(t.ns())
                                .withLabel("sealcloud.io/app-instance", "wiki")
                                .list()
                                .getItems(),
                        list -> list.size() == 1)
                .get(0);
        assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("wiki-" + t.id() + "." + DOMAIN);
    }

    @Test
    void aServiceWithExternalIpsIsRefused() {
        Tenant t = tenant();

        install(t, t.owner(), "capture", Map.of("external_ip", "10.96.0.10"))
                .statusCode(422)
                .body("detail", containsString("externalIPs"))
                .body("detail", containsString("CVE-2020-8554"));
        nothingInstalled(t);
    }

    // ---- item 9: bounded expressions
    // ------------------------------------------------------------------------------------

    @Test
    void anInstallWhoseInputMakesTheTemplateExplodeIsRefused() {
        Tenant t = tenant();

        // motto.replace('', motto) with 2,000 characters: 2,001 × 2,000 + 2,000 ≈ 4 million characters.
        install(t, t.owner(), "boom", Map.of("motto", "m".repeat(2_000)))
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://sealcloud.io/problems/template-render-failed"))
                .body("detail", containsString("a template value may have"));
        nothingInstalled(t);
    }

    @Test
    void aPartnerUploadWithAnExponentialExpressionIsRefusedAtImport() {
        TestUser partner = KeycloakTestResource.realm().createUniqueUser("bomber", "partner");
        // Eight calls: 5^8 ≈ 780,000 characters (more than a value may have); each further call is 5× more.
        String bomb = AttackTemplates.TEMPLATE
                .replace(
                        "name: attack-demo",
                        "name: bomb-" + UUID.randomUUID().toString().substring(0, 8))
                .replace(
                        "echo: ${{ inputs.motto.replace('', inputs.motto) }}",
                        "echo: ${{ 'a'" + ".replace('', 'aaaa')".repeat(8) + " }}");

        given().auth()
                .oauth2(partner.token())
                .contentType("application/yaml")
                .body(bomb.getBytes(StandardCharsets.UTF_8))
                .queryParam("version", "1.0.0")
                .post("/api/appstore/v1/templates/imports")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://sealcloud.io/problems/invalid-template"))
                .body("detail", containsString("a template value may have"));
        as(partner).get("/api/appstore/v1/drafts").then().statusCode(200).body("total", equalTo(0));
    }

    // ---- low items
    // -------------------------------------------------------------------------------------------------------

    @Test
    void aMalformedResourceQuantityIsA422NamingTheObjectAndField() {
        Tenant t = AppLifecycleTest.tenant();

        AppLifecycleTest.install(t, t.owner(), "quant", Map.of("greeting", "hi", "cpu", "lots"))
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://sealcloud.io/problems/object-not-allowed"))
                .body("detail", containsString("Deployment.apps"))
                .body("detail", containsString("spec.template.spec.containers[0].resources.requests.cpu 'lots'"));
        nothingInstalled(t);
    }

    @Test
    void anIdempotencyKeyBelongsToTheTokenSubjectNotToAUsernameThatChangedHands() throws Exception {
        KeycloakRealm realm = KeycloakTestResource.realm();
        Tenant t = tenant();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body =
                Map.of("template", AttackTemplates.NAME, "version", "1.0.0", "name", "mine", "inputs", Map.of());
        as(t.owner())
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .post(t.apps())
                .then()
                .statusCode(201);

        // The owner's account is deleted and someone registers the same username: another subject.
        admin(realm, "DELETE", "/users/" + t.owner().id(), null);
        TestUser newcomer = realm.createUser(t.owner().username());
        assertThat(newcomer.id()).isNotEqualTo(t.owner().id());

        as(newcomer)
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .post(t.apps())
                .then()
                // Not the first user's stored 201 replayed: the newcomer is no member of that workspace.
                .header("Idempotent-Replayed", not(equalTo("true")))
                .statusCode(404);
    }

    @Test
    void aTokenWithoutTheUserRoleIsForbiddenOnCatalogAndAppEndpoints() throws Exception {
        KeycloakRealm realm = KeycloakTestResource.realm();
        Tenant t = tenant();
        TestUser roleless = realm.createUniqueUser("roleless");
        String defaults = admin(realm, "GET", "/roles/default-roles-" + realm.name(), null);
        admin(realm, "DELETE", "/users/" + roleless.id() + "/role-mappings/realm", "[" + defaults + "]");
        Tenants.memberAdded(t.id(), roleless.id(), "developer");

        as(roleless).get("/api/appstore/v1/templates").then().statusCode(403);
        as(roleless).get(t.apps()).then().statusCode(403);
        as(roleless)
                .contentType(ContentType.JSON)
                .body(Map.of("template", AttackTemplates.NAME, "version", "1.0.0", "name", "x", "inputs", Map.of()))
                .post(t.apps())
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        as(t.owner()).get("/api/appstore/v1/templates").then().statusCode(200);
    }

    /** A call to Keycloak's admin API for the test realm; returns the body (fails on a non-2xx answer). */
    static String admin(KeycloakRealm realm, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(realm.serverUrl() + "/admin/realms/" + realm.name() + path))
                .header("Authorization", "Bearer " + realm.adminToken())
                .header("Content-Type", "application/json");
        request.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> response =
                HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("%s %s: %s", method, path, response.body())
                .isBetween(200, 299);
        return response.body();
    }

    static void memberAdded(Tenant t, TestUser user, String role) {
        Tenants.memberAdded(t.id(), user.id(), role);
        await().atMost(WAIT).until(() -> as(user).get(t.apps()).statusCode() == 200);
    }
}
