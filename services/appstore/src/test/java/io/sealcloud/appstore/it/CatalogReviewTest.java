package io.sealcloud.appstore.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Partners publish drafts that ops approve; ops deprecate and withdraw versions; instances keep working, flagged. */
@QuarkusTest
@WithKafka
@WithPostgres(database = "appstore")
@WithKeycloak
@WithControlPlane(serviceAccount = "appstore")
class CatalogReviewTest {

    static final String TEMPLATES = "/api/appstore/v1/templates";

    static RequestSpecification as(TestUser user) {
        return given().auth().oauth2(user.token()).accept(ContentType.JSON);
    }

    static ValidatableResponse upload(TestUser user, String name, String version) {
        return as(user).contentType("application/yaml")
                .body(TestTemplates.template(name, version).getBytes(StandardCharsets.UTF_8))
                .queryParam("version", version)
                .post(TEMPLATES + "/imports")
                .then();
    }

    static ValidatableResponse review(TestUser user, String name, String version, String action) {
        return as(user).contentType(ContentType.JSON)
                .body(Map.of("note", "checked by the test"))
                .post(TEMPLATES + "/" + name + "/versions/" + version + "/" + action)
                .then();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aPartnersDraftIsHiddenUntilOpsApproveIt() {
        TestUser partner = KeycloakTestResource.realm().createUniqueUser("partner", "partner");
        TestUser ops = KeycloakTestResource.realm().createUniqueUser("reviewer", "ops");
        TestUser user = KeycloakTestResource.realm().createUniqueUser("shopper");
        String name = unique("partnerapp");

        upload(partner, name, "1.0.0").statusCode(200).body("imported[0].status", equalTo("draft"));
        as(user).get(TEMPLATES + "/" + name).then().statusCode(404);
        as(partner).get("/api/appstore/v1/drafts").then().statusCode(200).body("items.template", hasItem(name));
        as(ops).queryParam("size", 100)
                .get("/api/appstore/v1/drafts")
                .then()
                .statusCode(200)
                .body("items.template", hasItem(name));
        as(user).get("/api/appstore/v1/drafts").then().statusCode(403);
        review(partner, name, "1.0.0", "approval").statusCode(403);

        review(ops, name, "1.0.0", "approval")
                .statusCode(200)
                .body("status", equalTo("published"))
                .body("reviewNote", equalTo("checked by the test"));
        as(user).get(TEMPLATES + "/" + name).then().statusCode(200).body("version", equalTo("1.0.0"));
        review(ops, name, "1.0.0", "approval")
                .statusCode(409)
                .body("type", equalTo("https://sealcloud.io/problems/invalid-status-transition"));
        as(partner).get("/api/appstore/v1/drafts").then().body("items.template", not(hasItem(name)));

        // Another partner cannot add versions to it.
        TestUser rival = KeycloakTestResource.realm().createUniqueUser("rival", "partner");
        upload(rival, name, "2.0.0")
                .statusCode(422)
                .body("errors[0].detail", containsString("published by someone else"));
        upload(partner, name, "2.0.0").statusCode(200).body("imported[0].status", equalTo("draft"));
    }

    @Test
    void deprecatedVersionsWarnAndWithdrawnOnesCannotBeInstalledWhileRunningInstancesAreFlagged() {
        TestUser ops = KeycloakTestResource.realm().createUniqueUser("curator", "ops");
        String name = unique("curated");
        upload(ops, name, "1.0.0").statusCode(200).body("imported[0].status", equalTo("published"));
        upload(ops, name, "1.1.0").statusCode(200);
        AppLifecycleTest.Tenant t = AppLifecycleTest.tenant();
        Map<String, Object> install =
                Map.of("template", name, "version", "1.0.0", "name", "old", "inputs", Map.of("greeting", "hi"));
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(install)
                .post(t.apps())
                .then()
                .statusCode(201);

        review(ops, name, "1.0.0", "deprecation").statusCode(200).body("status", equalTo("deprecated"));
        as(t.owner())
                .get(t.apps() + "/old")
                .then()
                .statusCode(200)
                .body("deprecated", equalTo(true))
                .body("versionStatus", equalTo("deprecated"))
                .body("warnings[0]", containsString("deprecated"));
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(Map.of("template", name, "version", "1.0.0", "name", "older", "inputs", Map.of("greeting", "hi")))
                .post(t.apps())
                .then()
                .statusCode(201)
                .body("warnings[0]", containsString("deprecated"));

        review(ops, name, "1.0.0", "withdrawal").statusCode(200).body("status", equalTo("withdrawn"));
        as(t.owner())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "template", name, "version", "1.0.0", "name", "newest", "inputs", Map.of("greeting", "hi")))
                .post(t.apps())
                .then()
                .statusCode(409)
                .body("type", equalTo("https://sealcloud.io/problems/version-withdrawn"));
        as(t.owner())
                .get(t.apps() + "/old")
                .then()
                .statusCode(200)
                .body("withdrawn", equalTo(true))
                .body("state", not(equalTo("uninstalling")));
        as(t.owner()).get(TEMPLATES + "/" + name).then().statusCode(200).body("version", equalTo("1.1.0"));

        review(ops, name, "1.1.0", "withdrawal").statusCode(200);
        as(t.owner()).get(TEMPLATES + "/" + name).then().statusCode(404);
    }
}
