package io.sealcloud.appstore.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;

/** The catalog API against real PostgreSQL and Keycloak, with the sample templates imported at startup. */
@QuarkusTest
@WithKafka
@WithPostgres(database = "appstore")
@WithKeycloak
@WithControlPlane(serviceAccount = "appstore")
class CatalogApiTest {

    static final String BASE = "/api/appstore/v1/templates";
    /** The shipped samples that are published; laf and ubuntu-sshd say {@code draft: true}. */
    static final List<String> PUBLISHED_SAMPLES = List.of(
            "budibase",
            "casdoor",
            "flowise",
            "jsoncrack",
            "kitten-tts",
            "memos",
            "minecraft",
            "netbird",
            "phpmyadmin",
            "wechat2rss");

    static RequestSpecification as(TestUser user) {
        return given().auth().oauth2(user.token()).accept(ContentType.JSON);
    }

    static TestUser user() {
        return KeycloakTestResource.realm().createUniqueUser("reader");
    }

    static TestUser ops() {
        return KeycloakTestResource.realm().createUniqueUser("ops", "ops");
    }

    @Test
    void theShippedSampleTemplatesAreListed() {
        as(user())
                .queryParam("size", 100)
                .get(BASE)
                .then()
                .statusCode(200)
                .body("items.name", hasItems(PUBLISHED_SAMPLES.toArray(String[]::new)))
                .body("items.name", not(hasItem("laf")))
                .body("items.find { it.name == 'memos' }.latestVersion", equalTo("1.0.0"));
    }

    @Test
    void samplesMarkedDraftAreHidden() {
        as(user()).get(BASE + "/laf").then().statusCode(404);
        as(user()).get(BASE + "/ubuntu-sshd").then().statusCode(404);
        as(user()).queryParam("q", "laf").get(BASE).then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void theCatalogIsSearchedByCategoryKeywordAndLocale() {
        TestUser reader = user();

        List<String> ai = as(reader)
                .queryParam("category", "ai")
                .queryParam("size", 100)
                .get(BASE)
                .then()
                .statusCode(200)
                .extract()
                .path("items.name");
        assertThat(ai).contains("kitten-tts").doesNotContain("minecraft");

        as(reader)
                .queryParam("q", "WECHAT")
                .get(BASE)
                .then()
                .statusCode(200)
                .body("items.name", equalTo(List.of("wechat2rss")));

        as(reader)
                .queryParam("locale", "zh")
                .queryParam("size", 100)
                .get(BASE)
                .then()
                .statusCode(200)
                .body("items.name", hasItems("wechat2rss", "kitten-tts"))
                .body("items.name", not(hasItem("memos")))
                .body("items.find { it.name == 'kitten-tts' }.description", containsString("文本转语音"));
    }

    @Test
    void theCatalogIsPaged() {
        TestUser reader = user();
        int total = as(reader).get(BASE).then().statusCode(200).extract().path("total");

        as(reader)
                .queryParam("size", 5)
                .queryParam("page", 0)
                .get(BASE)
                .then()
                .body("items.size()", equalTo(5))
                .body("size", equalTo(5))
                .body("total", equalTo(total));
        as(reader)
                .queryParam("size", 100)
                .queryParam("page", 1)
                .get(BASE)
                .then()
                .body("items.size()", equalTo(0));
        as(reader)
                .queryParam("size", 101)
                .get(BASE)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].parameter", equalTo("size"));
    }

    @Test
    void theDetailHasInputsTheirSchemaTheReadmeAndTheIcon() {
        as(user())
                .get(BASE + "/budibase")
                .then()
                .statusCode(200)
                .body("version", equalTo("1.0.0"))
                .body("readme", containsString("README"))
                .body("icon", containsString("https://"))
                .body("inputs.name", hasItems("admin_email", "smtp_host"))
                .body("inputs.find { it.name == 'smtp_host' }.visibleIf", equalTo("inputs.smtp_enabled === 'true'"))
                .body("inputSchema.required", equalTo(List.of("admin_email", "admin_password")))
                .body("inputSchema.additionalProperties", equalTo(false))
                .body("versions.version", equalTo(List.of("1.0.0")));

        as(user())
                .get(BASE + "/casdoor/versions/1.0.0")
                .then()
                .statusCode(200)
                .body("inputSchema.properties.driver_name.enum", equalTo(List.of("sqlite", "mysql", "postgres")));
    }

    @Test
    void anUnknownTemplateOrVersionIsAProblem404() {
        as(user())
                .get(BASE + "/no-such-app")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://sealcloud.io/problems/not-found"));
        as(user()).get(BASE + "/memos/versions/9.9.9").then().statusCode(404);
    }

    @Test
    void everyEndpointNeedsAToken() {
        given().get(BASE).then().statusCode(401).contentType("application/problem+json");
        given().get(BASE + "/memos").then().statusCode(401);
        given().contentType(ContentType.JSON)
                .body("{}")
                .post(BASE + "/memos/versions/1.0.0/input-checks")
                .then()
                .statusCode(401);
        given().contentType("application/yaml")
                .body(template("x", "").getBytes(StandardCharsets.UTF_8))
                .post(BASE + "/imports")
                .then()
                .statusCode(401);
    }

    @Test
    void opsImportABundleWhichIsPublishedAndIdempotent() throws IOException {
        TestUser ops = ops();
        String name = "hello-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] bundle = tarGz(name + "/template.yaml", template(name, ""));
        String key = UUID.randomUUID().toString();

        upload(ops, bundle, "application/gzip", "2.0.0", key)
                .statusCode(200)
                .body("imported[0].template", equalTo(name))
                .body("imported[0].status", equalTo("published"))
                .body("imported[0].outcome", equalTo("created"));
        upload(ops, bundle, "application/gzip", "2.0.0", key).statusCode(200).header("Idempotent-Replayed", "true");
        upload(ops, bundle, "application/gzip", "2.0.0", null)
                .statusCode(200)
                .body("imported[0].outcome", equalTo("unchanged"));

        as(user()).get(BASE + "/" + name).then().statusCode(200).body("version", equalTo("2.0.0"));
        as(user()).queryParam("q", name).get(BASE).then().body("items.name", equalTo(List.of(name)));
    }

    @Test
    void aVersionCannotBeReimportedWithOtherContent() {
        TestUser ops = ops();
        String name = "immutable-" + UUID.randomUUID().toString().substring(0, 8);
        upload(ops, template(name, "").getBytes(StandardCharsets.UTF_8), "application/yaml", "1.0.0", null)
                .statusCode(200);

        upload(ops, template(name, "  extra: x\n").getBytes(StandardCharsets.UTF_8), "application/yaml", "1.0.0", null)
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://sealcloud.io/problems/invalid-template"))
                .body("detail", containsString("versions are immutable"));
    }

    @Test
    void aTemplateThatEscapesTheWorkspaceIsRefusedAtImport() {
        String name = "escape-" + UUID.randomUUID().toString().substring(0, 8);
        String evil = template(name, "")
                + "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: pwn\n";

        upload(ops(), evil.getBytes(StandardCharsets.UTF_8), "application/yaml", "1.0.0", null)
                .statusCode(422)
                .body("errors[0].detail", containsString("grants cluster-wide permissions"));
        as(user()).get(BASE + "/" + name).then().statusCode(404);
    }

    @Test
    void aBrokenTemplateIsRefusedWithItsLine() {
        String broken =
                template("broken-" + UUID.randomUUID().toString().substring(0, 8), "  bad: ${{ inputs.x === }}\n");

        upload(ops(), broken.getBytes(StandardCharsets.UTF_8), "application/yaml", "1.0.0", null)
                .statusCode(422)
                .body("errors[0].detail", containsString("line 20"));
    }

    @Test
    void partnersUploadDraftsWhichStayHiddenAndUsersCannotUpload() {
        String name = "partner-" + UUID.randomUUID().toString().substring(0, 8);
        TestUser partner = KeycloakTestResource.realm().createUniqueUser("partner", "partner");

        upload(partner, template(name, "").getBytes(StandardCharsets.UTF_8), "application/yaml", "1.0.0", null)
                .statusCode(200)
                .body("imported[0].status", equalTo("draft"));
        as(user()).get(BASE + "/" + name).then().statusCode(404);
        upload(user(), template(name + "x", "").getBytes(StandardCharsets.UTF_8), "application/yaml", "1.0.0", null)
                .statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void aTemplateMarkedDraftIsHidden() {
        String name = "drafty-" + UUID.randomUUID().toString().substring(0, 8);
        String draft = template(name, "").replace("  title: Hello\n", "  title: Hello\n  draft: true\n");

        upload(ops(), draft.getBytes(StandardCharsets.UTF_8), "application/yaml", "1.0.0", null)
                .statusCode(200)
                .body("imported[0].status", equalTo("draft"));
        as(user()).get(BASE + "/" + name).then().statusCode(404);
    }

    @Test
    void inputsAreCheckedWithAPointerPerBadInput() {
        TestUser reader = user();

        check(reader, "budibase", "{\"inputs\": {\"smtp_host\": \"mail\", \"nope\": 1}}")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://sealcloud.io/problems/invalid-inputs"))
                .body("errors.pointer", equalTo(List.of("/inputs/nope")));
        check(reader, "budibase", "{\"inputs\": {\"smtp_host\": \"mail\"}}")
                .statusCode(400)
                .body(
                        "errors.pointer",
                        equalTo(List.of("/inputs/admin_email", "/inputs/admin_password", "/inputs/smtp_host")))
                .body("errors.find { it.pointer == '/inputs/smtp_host' }.detail", containsString("hidden"));
        check(reader, "casdoor", "{\"inputs\": {\"driver_name\": \"oracle\"}}")
                .statusCode(400)
                .body("errors[0].detail", equalTo("must be one of sqlite, mysql, postgres"));
    }

    @Test
    void validInputsShowWhatAnInstallWouldCreate() {
        check(user(), "casdoor", "{\"inputs\": {\"driver_name\": \"mysql\"}}")
                .statusCode(200)
                .body("inputs.driver_name", equalTo("mysql"))
                .body("objects.kind", hasItem("Cluster"))
                .body("links[0]", containsString("https://"));
        check(user(), "wechat2rss", "{\"inputs\": {\"LIC_EMAIL\": \"a@b.c\", \"LIC_CODE\": \"x\", \"RSS_HTTPS\": 0}}")
                .statusCode(200)
                .body("inputs.RSS_HTTPS", equalTo("0"))
                .body("inputs.RSS_HOST", equalTo(null));
    }

    static ValidatableResponse check(TestUser user, String template, String json) {
        return as(user).contentType(ContentType.JSON)
                .body(json)
                .post(BASE + "/" + template + "/versions/1.0.0/input-checks")
                .then();
    }

    static ValidatableResponse upload(TestUser user, byte[] body, String type, String version, String key) {
        RequestSpecification request =
                as(user).contentType(type).queryParam("version", version).body(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.post(BASE + "/imports").then();
    }

    /** A minimal template; {@code extraData} is appended to the ConfigMap's data (indented by two spaces). */
    static String template(String name, String extraData) {
        return """
                apiVersion: app.sealos.io/v1
                kind: Template
                metadata:
                  name: %s
                spec:
                  title: Hello
                  description: 'A greeting app'
                  categories: [tool]
                  defaults:
                    app_name:
                      type: string
                      value: %s-${{ random(8) }}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: ${{ defaults.app_name }}
                data:
                  greeting: hello
                %s""".formatted(name, name, extraData);
    }

    static byte[] tarGz(String path, String content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry(path);
            entry.setSize(bytes.length);
            tar.putArchiveEntry(entry);
            tar.write(bytes);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }
}
