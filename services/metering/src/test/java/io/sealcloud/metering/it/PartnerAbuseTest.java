package io.sealcloud.metering.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.sealcloud.contracts.metering.MeteringEvents;
import io.sealcloud.metering.service.Rater;
import io.sealcloud.testkit.EventProbe;
import io.sealcloud.testkit.KeycloakRealm;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 items 3 and 4, as an attacker (a partner client) would try them: on the real broker, database and Keycloak.
 * A partner bills only workspaces that granted it; a partner cannot stop rating for everyone.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "metering")
@WithKeycloak
@WithControlPlane(serviceAccount = "metering")
class PartnerAbuseTest {

    static final String BASE = "/api/metering/v1";
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final Duration GRACE = Duration.ofSeconds(30);
    static final String PARTNER = ApiTest.PARTNER;
    static final long TWO_TO_62 = 1L << 62;

    static AccountsSimulator accounts;
    static EventProbe meteringEvents;

    @Inject
    DataSource dataSource;

    @Inject
    TestClock clock;

    @Inject
    Rater rater;

    @Inject
    MeterRegistry registry;

    Db db;
    KeycloakRealm realm;
    TestUser ops;

    @BeforeAll
    static void connect() {
        accounts = new AccountsSimulator();
        meteringEvents = new EventProbe(MeteringEvents.TOPIC);
    }

    @AfterAll
    static void disconnect() {
        accounts.close();
        meteringEvents.close();
    }

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        realm = KeycloakTestResource.realm();
        ops = realm.createUniqueUser("ops-abuse", "ops");
    }

    // ---- item 4: a partner bills only workspaces that granted it ---------------------------------------------------

    @Test
    void aPartnerBillsOnlyWorkspacesThatGrantedItAndOnlyTheOwnerOrOpsGrantsAndRevokes() {
        TestUser owner = realm.createUniqueUser("owner");
        TestUser developer = realm.createUniqueUser("developer");
        TestUser stranger = realm.createUniqueUser("stranger");
        String ws = newWorkspace(owner.id());
        String other = newWorkspace(UUID.randomUUID().toString());
        accounts.memberAdded(ws, developer.id(), "developer");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> db.count("SELECT count(*) FROM workspace_members WHERE user_id = ?", developer.id()) == 1);
        String meter = "calls-" + ws;
        Instant w0 = clock.nextWindowStart(WINDOW).plus(WINDOW);
        addPrice("partner:" + PARTNER + "/" + meter, 1_000L, w0);
        clock.set(w0.plus(Duration.ofMinutes(1)));
        Instant t = w0.plusSeconds(30);
        double refusedBefore = unauthorizedCount();

        // Nobody granted the partner: its usage for the workspace is refused per event, and counted.
        given().auth()
                .oauth2(partnerToken())
                .contentType("application/cloudevents-batch+json")
                .body("[" + event(UUID.randomUUID().toString(), ws, meter, 7, t) + "]")
                .post(BASE + "/events")
                .then()
                .statusCode(200)
                .body("rejected", equalTo(1))
                .body("results[0].problem.status", equalTo(403))
                .body("results[0].problem.type", equalTo("https://sealcloud.io/problems/partner-not-granted"));
        assertThat(unauthorizedCount()).isEqualTo(refusedBefore + 1);
        assertThat(db.count("SELECT count(*) FROM partner_events WHERE workspace_id = ?", ws))
                .isZero();

        // Only the owner (or ops) grants: a stranger does not see the workspace, a developer may not.
        as(stranger.token())
                .put(BASE + "/workspaces/{id}/partners/{c}", ws, PARTNER)
                .then()
                .statusCode(404);
        as(stranger.token()).get(BASE + "/workspaces/{id}/partners", ws).then().statusCode(404);
        as(developer.token())
                .put(BASE + "/workspaces/{id}/partners/{c}", ws, PARTNER)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        as(owner.token())
                .put(BASE + "/workspaces/{id}/partners/{c}", ws, "not a client id")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertThat(db.count("SELECT count(*) FROM partner_grants WHERE workspace_id = ?", ws))
                .isZero();
        as(owner.token())
                .put(BASE + "/workspaces/{id}/partners/{c}", ws, PARTNER)
                .then()
                .statusCode(201)
                .body("clientId", equalTo(PARTNER))
                .body("grantedBy", equalTo(owner.id()));
        as(owner.token())
                .put(BASE + "/workspaces/{id}/partners/{c}", ws, PARTNER)
                .then()
                .statusCode(200);
        as(developer.token())
                .get(BASE + "/workspaces/{id}/partners", ws)
                .then()
                .statusCode(200)
                .body("items.clientId", hasItem(PARTNER));

        // Granted for ws, not for the other workspace: each event is judged on its own.
        given().auth()
                .oauth2(partnerToken())
                .contentType("application/cloudevents-batch+json")
                .body("[" + event(UUID.randomUUID().toString(), ws, meter, 7, t) + ","
                        + event(UUID.randomUUID().toString(), other, meter, 7, t) + "]")
                .post(BASE + "/events")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("results[0].status", equalTo("accepted"))
                .body("results[1].problem.type", equalTo("https://sealcloud.io/problems/partner-not-granted"));
        assertThat(unauthorizedCount()).isEqualTo(refusedBefore + 2);
        assertThat(db.count("SELECT count(*) FROM partner_events WHERE workspace_id = ?", other))
                .isZero();

        // Revoked: the next event is refused (a single event answers the problem itself).
        as(developer.token())
                .delete(BASE + "/workspaces/{id}/partners/{c}", ws, PARTNER)
                .then()
                .statusCode(403);
        as(owner.token())
                .delete(BASE + "/workspaces/{id}/partners/{c}", ws, PARTNER)
                .then()
                .statusCode(204);
        given().auth()
                .oauth2(partnerToken())
                .contentType("application/cloudevents+json")
                .body(event(UUID.randomUUID().toString(), ws, meter, 7, t))
                .post(BASE + "/events")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://sealcloud.io/problems/partner-not-granted"));
        assertThat(db.count("SELECT count(*) FROM partner_events WHERE workspace_id = ?", ws))
                .isEqualTo(1);

        // An operator may grant without being a member.
        as(ops.token())
                .put(BASE + "/workspaces/{id}/partners/{c}", other, PARTNER)
                .then()
                .statusCode(201);
    }

    // ---- item 3: partner ingest cannot stop rating for everyone ----------------------------------------------------

    @Test
    void aRequestThatWouldTakeAWorkspaceWindowsSumPast2To63IsRefusedWholeNamingItAndStoresNothing() {
        String ws = newWorkspace(UUID.randomUUID().toString());
        grant(ws);
        String meter = "bytes-" + ws;
        Instant w0 = clock.nextWindowStart(WINDOW).plus(WINDOW);
        addPrice("partner:" + PARTNER + "/" + meter, 0L, w0); // free: this test is about the sums, not the amounts
        clock.set(w0.plus(Duration.ofMinutes(1)));
        Instant t = w0.plusSeconds(30);

        // 2^62 + 2^62 = 2^63: one past the largest long. Refused whole, naming the workspace-window; nothing stored.
        given().auth()
                .oauth2(partnerToken())
                .contentType("application/cloudevents-batch+json")
                .body("[" + event(UUID.randomUUID().toString(), ws, meter, TWO_TO_62, t) + ","
                        + event(UUID.randomUUID().toString(), ws, meter, TWO_TO_62, t.plusSeconds(1)) + "]")
                .post(BASE + "/events")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://sealcloud.io/problems/window-quantity-exceeded"))
                .body("detail", containsString("workspace '" + ws + "'"))
                .body("detail", containsString("[" + w0 + ", " + w0.plus(WINDOW) + ")"))
                .body("detail", containsString(BigInteger.ONE.shiftLeft(63).toString()));
        assertThat(db.count("SELECT count(*) FROM partner_events WHERE workspace_id = ?", ws))
                .isZero();

        // Up to the bound is fine; the request that would pass it, counting what is stored, is refused.
        single(ws, meter, TWO_TO_62, t).statusCode(202);
        given().auth()
                .oauth2(partnerToken())
                .contentType("application/cloudevents-batch+json")
                .body("[" + event(UUID.randomUUID().toString(), ws, meter, 5, t) + ","
                        + event(UUID.randomUUID().toString(), ws, meter, TWO_TO_62, t) + "]")
                .post(BASE + "/events")
                .then()
                .statusCode(422)
                .body("type", equalTo("https://sealcloud.io/problems/window-quantity-exceeded"));
        assertThat(db.count("SELECT count(*) FROM partner_events WHERE workspace_id = ?", ws))
                .isEqualTo(1);
        single(ws, meter, TWO_TO_62 - 1, t).statusCode(202); // exactly Long.MAX_VALUE in the window
        single(ws, meter, 1, t).statusCode(422);
        assertThat(db.query("SELECT sum(quantity) AS s FROM partner_events WHERE workspace_id = ?", ws)
                        .get(0)
                        .get("s")
                        .toString())
                .isEqualTo(Long.toString(Long.MAX_VALUE));

        // The window's sum is exactly Long.MAX_VALUE: it settles (priced at 0), with the exact quantity.
        clock.set(w0.plus(WINDOW).plus(GRACE));
        rater.settleDue();
        assertThat(db.query("SELECT quantity, debit_micros FROM charges WHERE workspace_id = ?", ws))
                .singleElement()
                .satisfies(c ->
                        assertThat(c).containsEntry("quantity", Long.MAX_VALUE).containsEntry("debit_micros", 0L));
    }

    @Test
    void aWorkspaceWindowWhoseAmountOverflowsIsSetAsideAndEveryOtherWorkspaceStillSettlesAndPublishes() {
        String poisoned = newWorkspace(UUID.randomUUID().toString());
        String healthy = newWorkspace(UUID.randomUUID().toString());
        grant(poisoned);
        grant(healthy);
        String meter = "renders-" + poisoned;
        Instant w0 = clock.nextWindowStart(WINDOW).plus(WINDOW);
        // 10 units of money per render: 10^12 renders (within the production bounds) cost 10^19 µ, past 2^63 - 1.
        addPrice("partner:" + PARTNER + "/" + meter, 10_000_000L, w0);
        clock.set(w0.plus(Duration.ofMinutes(1)));
        Instant t = w0.plusSeconds(30);
        single(poisoned, meter, 1_000_000_000_000L, t).statusCode(202);
        single(healthy, meter, 3, t).statusCode(202);

        // The window settles: the healthy workspace is charged and published, the poisoned one set aside for ops.
        clock.set(w0.plus(WINDOW).plus(GRACE));
        assertThat(rater.settleDue()).isGreaterThanOrEqualTo(1);
        assertThat(db.query("SELECT debit_micros FROM charges WHERE workspace_id = ?", healthy))
                .singleElement()
                .satisfies(c -> assertThat(c).containsEntry("debit_micros", 30_000_000L));
        meteringEvents.awaitEvent(healthy, MeteringEvents.CHARGE_CREATED.type());
        meteringEvents.awaitEvent(healthy, MeteringEvents.USAGE_RECORDED.type());
        assertThat(db.count("SELECT count(*) FROM charges WHERE workspace_id = ?", poisoned))
                .isZero();
        assertThat(db.count(
                        "SELECT count(*) FROM rating_workspace_failures WHERE workspace_id = ? AND window_start = ?",
                        poisoned,
                        w0))
                .isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM rating_windows WHERE window_start = ?", w0))
                .isEqualTo(1);

        // Not retried: a second run has nothing to do, and later windows settle as usual.
        assertThat(rater.settleDue()).isZero();
        clock.set(w0.plus(WINDOW.multipliedBy(2)).plus(GRACE));
        assertThat(rater.settleDue()).isEqualTo(1);

        as(ops.token())
                .get(BASE + "/ops/rating/workspace-failures?limit=1000")
                .then()
                .statusCode(200)
                .body("items.workspaceId", hasItem(poisoned))
                .body("items.find { it.workspaceId == '" + poisoned + "' }.reason", containsString("out of the range"));
        as(ops.token())
                .get(BASE + "/ops/rating")
                .then()
                .statusCode(200)
                .body("workspaceFailures", greaterThanOrEqualTo(1));
        as(realm.createUniqueUser("not-ops").token())
                .get(BASE + "/ops/rating/workspace-failures")
                .then()
                .statusCode(403);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    String newWorkspace(String owner) {
        String ws = Workspaces.newId();
        accounts.workspaceCreated(ws, owner);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> db.count("SELECT count(*) FROM workspaces WHERE id = ?", ws) == 1);
        return ws;
    }

    void grant(String ws) {
        as(ops.token())
                .put(BASE + "/workspaces/{id}/partners/{c}", ws, PARTNER)
                .then()
                .statusCode(201);
    }

    void addPrice(String resource, long priceMicros, Instant from) {
        as(ops.token())
                .contentType(ContentType.JSON)
                .body("{\"resource\":\"" + resource + "\",\"unit\":\"unit\",\"priceMicros\":" + priceMicros
                        + ",\"perQuantity\":1,\"effectiveFrom\":\"" + from + "\"}")
                .post(BASE + "/prices")
                .then()
                .statusCode(201);
    }

    io.restassured.response.ValidatableResponse single(String ws, String meter, long quantity, Instant t) {
        return given().auth()
                .oauth2(partnerToken())
                .contentType("application/cloudevents+json")
                .body(event(UUID.randomUUID().toString(), ws, meter, quantity, t))
                .post(BASE + "/events")
                .then();
    }

    double unauthorizedCount() {
        var counter = registry.find("sealcloud.metering.partner.events.unauthorized")
                .tag("client", PARTNER)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    String partnerToken() {
        return realm.clientCredentialsToken(PARTNER, "partner-demo-secret-dev-only");
    }

    static String event(String id, String ws, String meter, Object quantity, Instant time) {
        return ApiTest.event(id, ws, meter, quantity, time);
    }

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).accept(ContentType.JSON);
    }
}
