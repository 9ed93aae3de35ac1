package io.sealcloud.accounts.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The workspace API: tenancy, validation, conflicts, idempotency and concurrent sign-up. */
@QuarkusTest
@WithKafka
@WithPostgres(database = "accounts")
@WithKeycloak
@WithControlPlane(serviceAccount = "accounts")
class WorkspaceApiTest {

    @Inject
    DataSource database;

    @Test
    void listsTheCallersPersonalAndTeamWorkspaces() {
        TestUser erin = KeycloakTestResource.realm().createUniqueUser("erin");
        String token = erin.token();
        String personal = Api.me(token).statusCode(200).extract().path("personalWorkspaceId");
        String team = created(Api.create(token, "{\"name\":\"research\",\"displayName\":\"Research\"}"));

        Api.list(token)
                .statusCode(200)
                .body("items.size()", equalTo(2))
                .body("items[0].id", equalTo(personal))
                .body("items[0].kind", equalTo("personal"))
                .body("items[0].role", equalTo("owner"))
                .body("items[0].namespace", equalTo("ns-" + personal))
                .body("items[1].id", equalTo(team))
                .body("items[1].name", equalTo("research"))
                .body("items[1].displayName", equalTo("Research"))
                .body("items[1].kind", equalTo("team"));
    }

    @Test
    void answersCreateWithTheWorkspaceAndItsLocation() {
        TestUser frank = KeycloakTestResource.realm().createUniqueUser("frank");
        String token = frank.token();

        var response = Api.create(token, "{\"name\":\"analytics\"}")
                .statusCode(201)
                .body("name", equalTo("analytics"))
                .body("displayName", equalTo("analytics"))
                .body("role", equalTo("owner"))
                .body("ready", equalTo(false))
                .extract();
        String id = response.path("id");

        assertThat(id).matches("^[a-z][a-z2-7]{9}$");
        assertThat(response.header("Location")).endsWith(Api.BASE + "/workspaces/" + id);
        Api.get(token, id).statusCode(200).body("name", equalTo("analytics"));
    }

    @Test
    void pointsLocationAtTheHostTheClientCalledThroughTheGateway() {
        TestUser grace = KeycloakTestResource.realm().createUniqueUser("grace");

        String location = Api.as(grace.token())
                .contentType(io.restassured.http.ContentType.JSON)
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "cloud.example.com")
                .body("{\"name\":\"forwarded\"}")
                .post(Api.BASE + "/workspaces")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");

        assertThat(location).startsWith("https://cloud.example.com" + Api.BASE + "/workspaces/");
    }

    @Test
    void hidesAnotherUsersWorkspaceAsIfItDidNotExist() {
        TestUser owner = KeycloakTestResource.realm().createUniqueUser("owner");
        TestUser stranger = KeycloakTestResource.realm().createUniqueUser("stranger");
        String ownerToken = owner.token();
        String strangerToken = stranger.token();
        String personal = Api.me(ownerToken).statusCode(200).extract().path("personalWorkspaceId");
        String team = created(Api.create(ownerToken, "{\"name\":\"secret-project\"}"));

        for (String id : List.of(personal, team)) {
            Api.get(strangerToken, id)
                    .statusCode(404)
                    .contentType(startsWith("application/problem+json"))
                    .body("type", equalTo("https://sealcloud.io/problems/not-found"));
        }
        // Same answer as for an id that exists nowhere.
        Api.get(strangerToken, "nosuchwork")
                .statusCode(404)
                .body("type", equalTo("https://sealcloud.io/problems/not-found"));
        Api.list(strangerToken)
                .statusCode(200)
                .body("items.id", not(hasItem(personal)))
                .body("items.id", not(hasItem(team)));
    }

    @Test
    void letsTwoUsersUseTheSameNameWithoutTouchingEachOther() {
        TestUser first = KeycloakTestResource.realm().createUniqueUser("first");
        TestUser second = KeycloakTestResource.realm().createUniqueUser("second");
        String firstToken = first.token();
        String theirs = created(Api.create(firstToken, "{\"name\":\"shared-name\",\"displayName\":\"Mine\"}"));

        String ours = created(Api.create(second.token(), "{\"name\":\"shared-name\",\"displayName\":\"Ours\"}"));

        assertThat(ours).isNotEqualTo(theirs);
        Api.get(firstToken, theirs).statusCode(200).body("displayName", equalTo("Mine"));
        Api.list(firstToken).statusCode(200).body("items.id", not(hasItem(ours)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"ab", "Team", "1team", "-team", "team-", "team_one", "a234567890123456789012345678901234567890z"
            })
    void rejectsAnInvalidNameAndCreatesNothing(String name) throws SQLException {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("invalid");
        String token = user.token();
        Api.me(token).statusCode(200);

        badRequest(Api.create(token, "{\"name\":\"" + name + "\"}")).body("errors[0].pointer", equalTo("/name"));

        assertThat(workspacesOwnedBy(user.id())).isEqualTo(1);
    }

    @Test
    void rejectsAMissingNameWithAPointer() throws SQLException {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("noname");
        String token = user.token();
        Api.me(token).statusCode(200);

        badRequest(Api.create(token, "{\"displayName\":\"Nameless\"}")).body("errors[0].pointer", equalTo("/name"));

        assertThat(workspacesOwnedBy(user.id())).isEqualTo(1);
    }

    @Test
    void rejectsMalformedJsonAndCreatesNothing() throws SQLException {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("malformed");
        String token = user.token();
        Api.me(token).statusCode(200);

        badRequest(Api.create(token, "{\"name\": \"valid-name\""));

        assertThat(workspacesOwnedBy(user.id())).isEqualTo(1);
        Api.list(token).statusCode(200).body("items.name", not(hasItem("valid-name")));
    }

    @Test
    void rejectsUnknownFieldsWithAPointerAndCreatesNothing() throws SQLException {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("unknown");
        String token = user.token();
        Api.me(token).statusCode(200);

        badRequest(Api.create(token, "{\"name\":\"valid-name\",\"colour\":\"red\"}"))
                .body("errors[0].pointer", equalTo("/colour"));

        Api.list(token).statusCode(200).body("items.name", not(hasItem("valid-name")));
        assertThat(workspacesOwnedBy(user.id())).isEqualTo(1);
    }

    @Test
    void rejectsADuplicateNameAmongTheCallersWorkspaces() throws SQLException {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("duplicate");
        String token = user.token();
        created(Api.create(token, "{\"name\":\"platform\"}"));

        Api.create(token, "{\"name\":\"platform\",\"displayName\":\"Again\"}")
                .statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://sealcloud.io/problems/workspace-name-taken"));

        assertThat(workspacesOwnedBy(user.id())).isEqualTo(2);
    }

    @Test
    void replaysACreateWithTheSameIdempotencyKeyAndCreatesOneWorkspace() throws SQLException {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("retry");
        String token = user.token();
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"payments\"}";

        String first = created(Api.create(token, body, key));
        var replay = Api.create(token, body, key).statusCode(201).extract();

        assertThat((String) replay.path("id")).isEqualTo(first);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(workspacesOwnedBy(user.id())).isEqualTo(2);
    }

    @Test
    void refusesAnIdempotencyKeyReusedForAnotherBody() throws SQLException {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("reuse");
        String token = user.token();
        String key = UUID.randomUUID().toString();
        created(Api.create(token, "{\"name\":\"alpha\"}", key));

        Api.create(token, "{\"name\":\"beta\"}", key)
                .statusCode(422)
                .contentType(startsWith("application/problem+json"));

        assertThat(workspacesOwnedBy(user.id())).isEqualTo(2);
    }

    @Test
    void concurrentFirstRequestsCreateOneUserWithOnePersonalWorkspace() throws Exception {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("eager");
        String token = user.token();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<String>> calls = IntStream.range(0, 6)
                    .<Callable<String>>mapToObj(
                            i -> () -> Api.me(token).statusCode(200).extract().path("personalWorkspaceId"))
                    .toList();
            List<String> ids = pool.invokeAll(calls).stream()
                    .map(WorkspaceApiTest::get)
                    .distinct()
                    .toList();

            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(workspacesOwnedBy(user.id())).isEqualTo(1);
        assertThat(count("select count(*) from users where id = ?", user.id())).isEqualTo(1);
        assertThat(count("select count(*) from memberships where user_id = ?", user.id()))
                .isEqualTo(1);
        assertThat(count(
                        "select count(*) from outbox_event e join workspaces w on w.id = e.kafka_key"
                                + " where w.owner_id = ? and e.type = 'io.sealcloud.accounts.workspace.created.v1'",
                        user.id()))
                .isEqualTo(1);
    }

    private static String get(Future<String> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String created(ValidatableResponse response) {
        return response.statusCode(201).extract().path("id");
    }

    private static ValidatableResponse badRequest(ValidatableResponse response) {
        return response.statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400));
    }

    private long workspacesOwnedBy(String userId) throws SQLException {
        return count("select count(*) from workspaces where owner_id = ?", userId);
    }

    private long count(String sql, String parameter) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
