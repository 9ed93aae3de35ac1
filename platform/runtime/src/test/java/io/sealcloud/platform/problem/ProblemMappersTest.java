package io.sealcloud.platform.problem;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithPostgres;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every kind of failure a request can meet comes back as RFC 9457 problem+json, and bad input changes nothing. */
@QuarkusTest
@WithKafka
@WithPostgres(database = "runtime")
@WithKubernetesTestServer
class ProblemMappersTest {

    private static final String WIDGETS = "/test/web/widgets";
    private static final String PROBLEMS = "/test/web/problems";

    @Inject
    Pool pool;

    @Test
    void rejectsInvalidBodyWithPointersAndCreatesNothing() {
        long before = widgets();

        Response response = given().contentType(ContentType.JSON).body("""
                        {"name": " ", "size": 0, "tags": ["ok", ""], "parts": [{"label": ""}]}""").post(WIDGETS);

        assertProblem(response, 400, "invalid-request");
        List<Map<String, String>> errors = response.jsonPath().getList("errors");
        assertThat(errors)
                .extracting(e -> e.get("pointer"))
                .containsExactlyInAnyOrder("/name", "/size", "/tags/1", "/parts/0/label");
        assertThat(errors).allSatisfy(e -> assertThat(e.get("detail")).isNotBlank());
        assertThat(widgets()).isEqualTo(before);
    }

    @Test
    void rejectsMalformedJsonAndCreatesNothing() {
        long before = widgets();

        Response response =
                given().contentType(ContentType.JSON).body("{\"name\": \"w\", ").post(WIDGETS);

        assertProblem(response, 400, "malformed-json");
        assertThat(response.jsonPath().getString("detail")).contains("not valid JSON");
        assertThat(widgets()).isEqualTo(before);
    }

    @Test
    void rejectsWrongJsonTypeWithPointerToTheField() {
        long before = widgets();

        Response response = given().contentType(ContentType.JSON)
                .body("{\"name\": \"w\", \"size\": \"big\"}")
                .post(WIDGETS);

        assertProblem(response, 400, "invalid-request");
        assertThat(response.jsonPath().getString("errors[0].pointer")).isEqualTo("/size");
        assertThat(response.jsonPath().getString("errors[0].detail")).isEqualTo("must be an integer");
        assertThat(response.asString()).doesNotContain("java.", "Integer");
        assertThat(widgets()).isEqualTo(before);
    }

    @Test
    void rejectsWrongTypeInsideAnArrayWithItsIndex() {
        Response response = given().contentType(ContentType.JSON)
                .body("{\"name\": \"w\", \"size\": 1, \"parts\": [{\"label\": \"a\"}, {\"label\": []}]}")
                .post(WIDGETS);

        assertProblem(response, 400, "invalid-request");
        assertThat(response.jsonPath().getString("errors[0].pointer")).isEqualTo("/parts/1/label");
    }

    @Test
    void rejectsMissingBodyAsAWhole() {
        Response response = given().contentType(ContentType.JSON).post(WIDGETS);

        assertProblem(response, 400, "invalid-request");
        assertThat(response.jsonPath().getString("errors[0].pointer")).isEmpty();
    }

    @Test
    void namesTheInvalidQueryParameterInsteadOfAPointer() {
        long before = widgets();

        Response response = given().contentType(ContentType.JSON)
                .queryParam("delayMs", -1)
                .body("{\"name\": \"w\", \"size\": 1}")
                .post(WIDGETS);

        assertProblem(response, 400, "invalid-request");
        assertThat(response.jsonPath().getString("errors[0].parameter")).isEqualTo("delayMs");
        assertThat(response.jsonPath().getString("errors[0].pointer")).isNull();
        assertThat(widgets()).isEqualTo(before);
    }

    @Test
    void namesTheInvalidPathParameter() {
        Response response = given().get(WIDGETS + "/0");

        assertProblem(response, 400, "invalid-request");
        assertThat(response.jsonPath().getString("errors[0].parameter")).isEqualTo("id");
    }

    @Test
    void answersUnknownPathWithNotFoundProblem() {
        Response response = given().get("/test/web/no-such-thing");

        assertProblem(response, 404, "not-found");
        assertThat(response.jsonPath().getString("instance")).isEqualTo("/test/web/no-such-thing");
    }

    @Test
    void answersMissingEntityWithNotFoundProblemNamingIt() {
        Response response = given().get(WIDGETS + "/987654321");

        assertProblem(response, 404, "not-found");
        assertThat(response.jsonPath().getString("detail")).isEqualTo("widget '987654321' was not found");
    }

    @Test
    void answersUnsupportedMethodWithMethodNotAllowedProblem() {
        Response response = given().delete(WIDGETS);

        assertProblem(response, 405, "method-not-allowed");
        assertThat(response.jsonPath().getString("detail")).contains("DELETE");
    }

    @Test
    void answersUnsupportedBodyTypeWithUnsupportedMediaTypeProblem() {
        long before = widgets();

        Response response = given().contentType(ContentType.TEXT).body("name=w").post(WIDGETS);

        assertProblem(response, 415, "unsupported-media-type");
        assertThat(widgets()).isEqualTo(before);
    }

    @Test
    void answersUnproducibleAcceptWithNotAcceptableProblem() {
        Response response = given().accept("application/xml").get(WIDGETS + "/1");

        assertProblem(response, 406, "not-acceptable");
    }

    @Test
    void rendersProblemExceptionWithItsOwnType() {
        Response response = given().get(PROBLEMS + "/conflict");

        assertProblem(response, 409, "widget-name-taken");
        assertThat(response.jsonPath().getString("title")).isEqualTo("Conflict");
        assertThat(response.jsonPath().getString("detail")).isEqualTo("A widget named 'w' already exists.");
        assertThat(response.jsonPath().getString("instance")).isEqualTo(PROBLEMS + "/conflict");
    }

    @Test
    void hidesInternalsOfUnexpectedErrorsBehindAnErrorId() {
        Response response = given().get(PROBLEMS + "/crash");

        assertProblem(response, 500, "internal-error");
        assertThat(response.asString()).doesNotContain("secret-internal-detail", "IllegalStateException", "at io.");
        String instance = response.jsonPath().getString("instance");
        assertThat(instance).startsWith("urn:uuid:");
        assertThat(response.jsonPath().getString("detail")).contains(instance.substring("urn:uuid:".length()));
    }

    @Test
    void treatsAnInvalidReturnValueAsAServerError() {
        Response response = given().get(PROBLEMS + "/invalid-result");

        assertProblem(response, 500, "internal-error");
        assertThat(response.jsonPath().getList("errors")).isNull();
    }

    @Test
    void asksAnAnonymousCallerToAuthenticate() {
        Response response = given().get(PROBLEMS + "/ops");

        assertProblem(response, 401, "unauthorized");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void rejectsAnInvalidTokenEvenOnAPublicEndpoint() {
        // Proactive authentication (the default) fails in Vert.x before Quarkus REST: the failure handler answers.
        Response response =
                given().header("Authorization", "Bearer not-a-valid-token").get(PROBLEMS + "/public");

        assertProblem(response, 401, "unauthorized");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void rendersAnAuthenticationFailureRaisedInsideRest() {
        Response response = given().get(PROBLEMS + "/authentication-failed");

        assertProblem(response, 401, "unauthorized");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void forbidsAnAuthenticatedCallerWithoutTheRole() {
        Response response = given().header("Authorization", TestBearerMechanism.token("alice", "user"))
                .get(PROBLEMS + "/ops");

        assertProblem(response, 403, "forbidden");
        assertThat(response.header("WWW-Authenticate")).isNull();
    }

    @Test
    void letsACallerWithTheRoleIn() {
        given().header("Authorization", TestBearerMechanism.token("olga", "ops"))
                .get(PROBLEMS + "/ops")
                .then()
                .statusCode(200);
    }

    static void assertProblem(Response response, int status, String slug) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(response.jsonPath().getString("type")).isEqualTo(Problem.TYPE_BASE + slug);
        assertThat(response.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(response.jsonPath().getString("title")).isNotBlank();
        assertThat(response.jsonPath().getString("detail")).isNotBlank();
    }

    private long widgets() {
        return pool.query("SELECT count(*) FROM web_test_widget")
                .execute()
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }
}
