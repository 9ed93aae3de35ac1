package io.sealcloud.metering.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.sealcloud.contracts.metering.MeteringEvents;
import io.sealcloud.metering.operator.LiveInventory;
import io.sealcloud.metering.service.Rater;
import io.sealcloud.metering.service.Sampler;
import io.sealcloud.testkit.ControlPlaneTestResource;
import io.sealcloud.testkit.EventProbe;
import io.sealcloud.testkit.ForgedTokens;
import io.sealcloud.testkit.KeycloakRealm;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP API with real Keycloak tokens: prices, reports and their tenancy, partner ingest, ops. */
@QuarkusTest
@WithKafka
@WithPostgres(database = "metering")
@WithKeycloak
@WithControlPlane(serviceAccount = "metering")
class ApiTest {

    static final String BASE = "/api/metering/v1";
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final Duration GRACE = Duration.ofSeconds(30);
    static final String PARTNER = "sealcloud-partner-demo";

    static AccountsSimulator accounts;
    static EventProbe charges;

    /** Arranges and inspects the real control plane as admin (the service runs as its deploy/ ServiceAccount). */
    static final KubernetesClient admin = ControlPlaneTestResource.adminClient();

    @Inject
    DataSource dataSource;

    @Inject
    TestClock clock;

    @Inject
    LiveInventory inventory;

    @Inject
    Sampler sampler;

    @Inject
    Rater rater;

    Db db;
    Cluster cluster;
    KeycloakRealm realm;

    @BeforeAll
    static void connect() {
        accounts = new AccountsSimulator();
        charges = new EventProbe(MeteringEvents.TOPIC);
    }

    @AfterAll
    static void disconnect() {
        accounts.close();
        charges.close();
    }

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        cluster = new Cluster(admin);
        realm = KeycloakTestResource.realm();
    }

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).accept(ContentType.JSON);
    }

    static <T> T onVertx(Supplier<io.smallrye.mutiny.Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    String newWorkspace(String owner) {
        String ws = Workspaces.newId();
        accounts.workspaceCreated(ws, owner);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> db.count("SELECT count(*) FROM workspaces WHERE id = ?", ws) == 1);
        return ws;
    }

    String partnerToken() {
        return realm.clientCredentialsToken(PARTNER, "partner-demo-secret-dev-only");
    }

    /** Issue 13: a partner reports usage only for workspaces that granted it (here an operator grants). */
    static void grantPartner(String opsToken, String ws, String clientId) {
        as(opsToken)
                .put(BASE + "/workspaces/{id}/partners/{client}", ws, clientId)
                .then()
                .statusCode(201);
    }

    String addPrice(String opsToken, String resource, String unit, long priceMicros, long per, Instant from) {
        String unitJson = unit == null ? "" : ",\"unit\":\"" + unit + "\"";
        return as(opsToken)
                .contentType(ContentType.JSON)
                .body("{\"resource\":\"" + resource + "\",\"priceMicros\":" + priceMicros + ",\"perQuantity\":" + per
                        + ",\"effectiveFrom\":\"" + from + "\"" + unitJson + "}")
                .post(BASE + "/prices")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void everyForgedTokenIsRefusedAsAProblemOnTenantOpsAndPartnerEndpoints() {
        TestUser alice = realm.createUniqueUser("forged-alice", "ops");
        String ws = newWorkspace(alice.id());
        Map<String, String> forged = ForgedTokens.all(realm, alice);

        forged.forEach((attack, token) -> {
            for (String path : List.of(
                    BASE + "/workspaces/" + ws + "/costs", BASE + "/ops/rating", BASE + "/prices?resource=cpu")) {
                as(token).get(path).then().statusCode(401).contentType("application/problem+json");
            }
        });
        assertThat(forged).hasSize(8);
    }

    @Test
    void thePriceCatalogIsReadableWithAnyValidTokenAndOnlyOperatorsExtendItWithFutureVersions() {
        // Every endpoint checks the token: no token (or a forged one) is 401, whatever the role a valid one has is
        // enough.
        given().accept(ContentType.JSON)
                .get(BASE + "/prices?resource=cpu")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        given().accept(ContentType.JSON)
                .get(BASE + "/prices/default-memory-v1")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        as("not.a.jwt").get(BASE + "/prices/default-memory-v1").then().statusCode(401);
        TestUser user = realm.createUniqueUser("pricer");
        as(user.token())
                .get(BASE + "/prices?resource=cpu")
                .then()
                .statusCode(200)
                .body("items.id", hasItem("default-cpu-v1"))
                .body("items[0].unit", equalTo("millicore-minute"));
        as(partnerToken())
                .get(BASE + "/prices/default-memory-v1")
                .then()
                .statusCode(200)
                .body("perQuantity", equalTo(61440));
        as(user.token()).get(BASE + "/prices/nope").then().statusCode(404).contentType("application/problem+json");

        TestUser ops = realm.createUniqueUser("operator", "ops");
        Instant from = clock.instant().plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String body = "{\"resource\":\"storage\",\"priceMicros\":3000,\"perQuantity\":61440,\"effectiveFrom\":\"" + from
                + "\"}";

        as(user.token())
                .contentType(ContentType.JSON)
                .body(body)
                .post(BASE + "/prices")
                .then()
                .statusCode(403);

        String key = UUID.randomUUID().toString();
        String id = as(ops.token())
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .post(BASE + "/prices")
                .then()
                .statusCode(201)
                .header("Location", startsWith("http"))
                .body("unit", equalTo("MiB-minute"))
                .extract()
                .path("id");
        as(ops.token())
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .post(BASE + "/prices")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(id));
        assertThat(db.count("SELECT count(*) FROM price_versions WHERE resource = 'storage'"))
                .isEqualTo(2);

        // The same start again: conflict. A start in the past: refused, nothing written.
        as(ops.token())
                .contentType(ContentType.JSON)
                .body(body)
                .post(BASE + "/prices")
                .then()
                .statusCode(409);
        as(ops.token())
                .contentType(ContentType.JSON)
                .body(body.replace(
                        from.toString(),
                        clock.instant()
                                .minusSeconds(60)
                                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                .toString()))
                .post(BASE + "/prices")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://sealcloud.io/problems/effective-from-not-in-future"));
        as(ops.token())
                .contentType(ContentType.JSON)
                .body(body.replace("\"storage\"", "\"disk\""))
                .post(BASE + "/prices")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/resource"));
        as(ops.token())
                .contentType(ContentType.JSON)
                .body(body.replace("\"storage\"", "\"storage\",\"unit\":\"GiB-hour\""))
                .post(BASE + "/prices")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/unit"));
        assertThat(db.count("SELECT count(*) FROM price_versions WHERE resource = 'storage'"))
                .isEqualTo(2);
    }

    @Test
    void membersSeeTheirWorkspacesUsageCostsAndLiveInventoryAndNobodyElseDoes() {
        TestUser alice = realm.createUniqueUser("alice");
        TestUser mallory = realm.createUniqueUser("mallory");
        TestUser carol = realm.createUniqueUser("carol");
        String ws = newWorkspace(alice.id());
        String ns = cluster.workspaceNamespace(ws);
        cluster.runningPod(ns, "blog-0", Cluster.app("blog"), Map.of("cpu", "2", "memory", "1Gi"));
        cluster.service(ns, "forgotten", Cluster.none(), "NodePort", 1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> inventory.snapshot(ws).size() == 2);

        Instant w0 = clock.nextWindowStart(WINDOW);
        for (int minute = 0; minute < 5; minute++) {
            Instant at = w0.plus(Duration.ofMinutes(minute));
            clock.set(at);
            onVertx(() -> sampler.sample(at));
        }
        clock.set(w0.plus(WINDOW).plus(GRACE));
        rater.settleDue();
        String range = "?from=" + w0 + "&to=" + w0.plus(WINDOW);

        // 10000 millicore-minutes → 8333.33 → 8333; 5120 MiB-minutes → 2083.33 → 2083; 5 port-minutes → 833.33 → 833.
        as(alice.token())
                .get(BASE + "/workspaces/{id}/costs" + range + "&groupBy=attribution", ws)
                .then()
                .statusCode(200)
                .body("totalMicros", equalTo(8333 + 2083 + 833))
                .body("items.size()", equalTo(3))
                .body("items.find { it.resource == 'cpu' }.attribution.kind", equalTo("app"))
                .body("items.find { it.resource == 'cpu' }.attribution.name", equalTo("blog"))
                .body("items.find { it.resource == 'nodeport' }.attribution.kind", equalTo("other"));
        as(alice.token())
                .get(BASE + "/workspaces/{id}/usage" + range, ws)
                .then()
                .statusCode(200)
                .body("totalsByResource.cpu", equalTo(10000))
                .body("items.find { it.resource == 'memory' }.unit", equalTo("MiB-minute"));
        as(alice.token())
                .get(BASE + "/workspaces/{id}/costs" + range + "&groupBy=day&limit=1", ws)
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].day", equalTo(w0.toString().substring(0, 10)))
                .body("nextPageToken", org.hamcrest.Matchers.notNullValue());
        String csv = given().auth()
                .oauth2(alice.token())
                .accept("text/csv")
                .get(BASE + "/workspaces/{id}/costs" + range + "&groupBy=resource", ws)
                .then()
                .statusCode(200)
                .contentType(startsWith("text/csv"))
                .extract()
                .asString();
        assertThat(csv.split("\r\n"))
                .containsExactly(
                        "day,attribution_kind,attribution_name,resource,amount_micros,charges",
                        ",,,cpu,8333,1",
                        ",,,memory,2083,1",
                        ",,,nodeport,833,1");
        String usageCsv = given().auth()
                .oauth2(alice.token())
                .accept("text/csv")
                .get(BASE + "/workspaces/{id}/usage" + range + "&groupBy=resource", ws)
                .then()
                .statusCode(200)
                .contentType(startsWith("text/csv"))
                .header("Content-Disposition", equalTo("attachment; filename=\"usage-" + ws + ".csv\""))
                .extract()
                .asString();
        assertThat(usageCsv.split("\r\n"))
                .containsExactly(
                        "day,attribution_kind,attribution_name,resource,quantity,unit",
                        ",,,cpu,10000,millicore-minute",
                        ",,,memory,5120,MiB-minute",
                        ",,,nodeport,5,port-minute");
        // What am I paying for right now: the forgotten NodePort shows with its hourly cost (0.01 / port-hour).
        as(alice.token())
                .get(BASE + "/workspaces/{id}/now", ws)
                .then()
                .statusCode(200)
                .body("items.find { it.name == 'forgotten' }.hourlyMicros", equalTo(10000))
                .body("items.find { it.name == 'blog-0' }.hourlyMicros", equalTo(100000 + 25000))
                .body("totalHourlyMicros", equalTo(135000))
                .body("suspended", equalTo(false));

        // An operator suspends the workspace (accounts announces it): everything is still listed, nothing costs.
        String suspension = accounts.suspension(ws, true, List.of("ops"), Instant.now());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> db.count("SELECT count(*) FROM inbox_message WHERE event_id = ?", suspension) == 1);
        as(alice.token())
                .get(BASE + "/workspaces/{id}/now", ws)
                .then()
                .statusCode(200)
                .body("suspended", equalTo(true))
                .body("suspensionReasons", org.hamcrest.Matchers.contains("ops"))
                .body("items.size()", equalTo(2))
                .body("items.find { it.name == 'forgotten' }.hourlyMicros", equalTo(0))
                .body("totalHourlyMicros", equalTo(0));

        // Not a member: the workspace does not exist for them.
        as(mallory.token())
                .get(BASE + "/workspaces/{id}/costs" + range, ws)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        as(mallory.token()).get(BASE + "/workspaces/{id}/usage", ws).then().statusCode(404);
        as(mallory.token()).get(BASE + "/workspaces/{id}/now", ws).then().statusCode(404);
        as(alice.token())
                .get(BASE + "/workspaces/{id}/costs", "tnosuchws0")
                .then()
                .statusCode(404);
        given().get(BASE + "/workspaces/{id}/costs", ws).then().statusCode(401);
        as(alice.token())
                .get(BASE + "/workspaces/{id}/costs?groupBy=colour", ws)
                .then()
                .statusCode(400)
                .body("errors[0].parameter", equalTo("groupBy"));

        // Once accounts adds carol as a member, she sees it too.
        accounts.memberAdded(ws, carol.id(), "developer");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> db.count("SELECT count(*) FROM workspace_members WHERE user_id = ?", carol.id()) == 1);
        as(carol.token())
                .get(BASE + "/workspaces/{id}/costs" + range, ws)
                .then()
                .statusCode(200);
    }

    static String event(String id, String ws, String meter, Object quantity, Instant time) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/partners/demo/gateway\","
                + "\"type\":\"io.sealcloud.partner.usage.v1\",\"subject\":\"" + ws + "\",\"time\":\"" + time
                + "\",\"datacontenttype\":\"application/json\",\"data\":{\"meter\":\"" + meter
                + "\",\"quantity\":" + quantity + "}}";
    }

    @Test
    void aPartnerCannotSuppressAnotherPartnersEventByReusingItsSourceAndId() {
        TestUser ops = realm.createUniqueUser("ops-dedup", "ops");
        String ws = newWorkspace(UUID.randomUUID().toString());
        String other = "partner-b-" + ws;
        String secret = realm.createClient(other, Map.of(), true);
        realm.grantServiceAccountRealmRoles(other, "partner");
        String otherToken = realm.clientCredentialsToken(other, secret);
        grantPartner(ops.token(), ws, PARTNER);
        grantPartner(ops.token(), ws, other);
        String meter = "calls-" + ws;

        Instant w0 = clock.nextWindowStart(WINDOW).plus(WINDOW);
        addPrice(ops.token(), "partner:" + PARTNER + "/" + meter, "call", 1_000L, 1L, w0);
        addPrice(ops.token(), "partner:" + other + "/" + meter, "call", 2_000L, 1L, w0);
        clock.set(w0.plus(Duration.ofMinutes(1)));
        Instant t = w0.plusSeconds(30);
        String id = UUID.randomUUID().toString();

        // The same source and id from two partners: two events, each deduplicated within its own partner only.
        for (String[] call : new String[][] {
            {partnerToken(), "10", "accepted"},
            {otherToken, "20", "accepted"},
            {partnerToken(), "10", "duplicate"},
            {otherToken, "20", "duplicate"}
        }) {
            given().auth()
                    .oauth2(call[0])
                    .contentType("application/cloudevents+json")
                    .body(event(id, ws, meter, call[1], t))
                    .post(BASE + "/events")
                    .then()
                    .statusCode(202)
                    .body("status", equalTo(call[2]));
        }
        assertThat(db.query("SELECT client_id, quantity FROM partner_events WHERE event_id = ? ORDER BY quantity", id))
                .extracting(r -> r.get("client_id") + "=" + r.get("quantity"))
                .containsExactly(PARTNER + "=10", other + "=20");

        clock.set(w0.plus(WINDOW).plus(GRACE));
        rater.settleDue();
        assertThat(db.query("SELECT attribution_name, debit_micros FROM charges WHERE workspace_id = ? ORDER BY 2", ws))
                .extracting(r -> r.get("attribution_name") + "=" + r.get("debit_micros"))
                .containsExactly(PARTNER + "=10000", other + "=40000");
    }

    @Test
    void partnerUsageIsCountedOnceRejectedPerItemAndBilledThroughRatingAndRepricing() {
        TestUser ops = realm.createUniqueUser("ops-partner", "ops");
        TestUser user = realm.createUniqueUser("not-a-partner");
        String ws = newWorkspace(UUID.randomUUID().toString());
        grantPartner(ops.token(), ws, PARTNER);
        String resource = "partner:" + PARTNER + "/tokens-" + ws;
        String meter = "tokens-" + ws;

        Instant w0 = clock.nextWindowStart(WINDOW).plus(WINDOW);
        // 2 units per 1000 tokens.
        String v1 = addPrice(ops.token(), resource, "token", 2_000_000L, 1000L, w0);
        clock.set(w0.plus(Duration.ofMinutes(1)));
        Instant t = w0.plusSeconds(30);
        String e1 = UUID.randomUUID().toString();
        String e2 = UUID.randomUUID().toString();

        String batch = "[" + event(e1, ws, meter, 1500, t) + "," + event(e1, ws, meter, 1500, t) + ","
                + "{\"specversion\":\"1.0\",\"source\":\"/partners/demo\",\"type\":\"io.sealcloud.partner.usage.v1\","
                + "\"subject\":\"" + ws + "\",\"data\":{\"meter\":\"" + meter + "\",\"quantity\":-1}},"
                + event(UUID.randomUUID().toString(), "tnosuchws0", meter, 5, t) + ","
                + event(UUID.randomUUID().toString(), ws, "unpriced", 5, t) + "]";
        given().auth()
                .oauth2(partnerToken())
                .contentType("application/cloudevents-batch+json")
                .body(batch)
                .post(BASE + "/events")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("duplicates", equalTo(1))
                .body("rejected", equalTo(3))
                .body("results[0].status", equalTo("accepted"))
                .body("results[1].status", equalTo("duplicate"))
                .body("results[2].status", equalTo("rejected"))
                .body("results[2].problem.status", equalTo(400))
                .body(
                        "results[2].problem.errors.pointer",
                        org.hamcrest.Matchers.containsInAnyOrder("/id", "/data/quantity"))
                .body("results[3].problem.type", equalTo("https://sealcloud.io/problems/unknown-workspace"))
                .body("results[4].problem.type", equalTo("https://sealcloud.io/problems/unknown-meter"));

        // A retry of the same event is a duplicate, counted once; a single new event is accepted.
        given().auth()
                .oauth2(partnerToken())
                .contentType("application/cloudevents+json")
                .body(event(e1, ws, meter, 1500, t))
                .post(BASE + "/events")
                .then()
                .statusCode(202)
                .body("status", equalTo("duplicate"));
        given().auth()
                .oauth2(partnerToken())
                .contentType("application/cloudevents+json")
                .body(event(e2, ws, meter, 250, t.plusSeconds(60)))
                .post(BASE + "/events")
                .then()
                .statusCode(202)
                .body("status", equalTo("accepted"));
        given().auth()
                .oauth2(partnerToken())
                .contentType("application/cloudevents+json")
                .body(event(UUID.randomUUID().toString(), ws, meter, "\"lots\"", t))
                .post(BASE + "/events")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/data/quantity"));
        given().auth()
                .oauth2(partnerToken())
                .contentType("application/cloudevents+json")
                .body("{not json")
                .post(BASE + "/events")
                .then()
                .statusCode(400)
                .body("type", equalTo("https://sealcloud.io/problems/malformed-json"));
        given().auth()
                .oauth2(user.token())
                .contentType("application/cloudevents+json")
                .body(event(UUID.randomUUID().toString(), ws, meter, 1, t))
                .post(BASE + "/events")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        assertThat(db.count("SELECT count(*) FROM partner_events WHERE workspace_id = ?", ws))
                .isEqualTo(2);

        // Rating: 1750 tokens × 2,000,000 µ / 1000 = 3,500,000 µ, one charge for the partner attribution.
        clock.set(w0.plus(WINDOW).plus(GRACE));
        rater.settleDue();
        List<Map<String, Object>> rows = db.query(
                "SELECT id, quantity, unit, debit_micros, attribution_kind, attribution_name, price_version"
                        + " FROM charges WHERE workspace_id = ? AND correction_of IS NULL",
                ws);
        assertThat(rows).hasSize(1);
        Map<String, Object> charge = rows.get(0);
        assertThat(charge)
                .containsEntry("quantity", 1750L)
                .containsEntry("unit", "token")
                .containsEntry("debit_micros", 3_500_000L)
                .containsEntry("attribution_kind", "partner")
                .containsEntry("attribution_name", PARTNER)
                .containsEntry("price_version", v1);
        // Too late for the settled window now.
        given().auth()
                .oauth2(partnerToken())
                .contentType("application/cloudevents+json")
                .body(event(UUID.randomUUID().toString(), ws, meter, 1, t))
                .post(BASE + "/events")
                .then()
                .statusCode(422)
                .body("type", equalTo("https://sealcloud.io/problems/window-closed"))
                .body("detail", org.hamcrest.Matchers.containsString("is settled and this usage is not billed"));

        // Ops reprices the window with a cheaper version: a correction, the original untouched.
        String v2 = addPrice(
                ops.token(),
                resource,
                "token",
                1_000_000L,
                1000L,
                clock.instant().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        String repriceBody = "{\"resource\":\"" + resource + "\",\"priceVersion\":\"" + v2 + "\",\"from\":\"" + w0
                + "\",\"to\":\"" + w0.plus(WINDOW) + "\"}";
        as(user.token())
                .contentType(ContentType.JSON)
                .body(repriceBody)
                .post(BASE + "/ops/reprices")
                .then()
                .statusCode(403);
        as(ops.token())
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(repriceBody)
                .post(BASE + "/ops/reprices")
                .then()
                .statusCode(201)
                .body("corrections", equalTo(1))
                .body("deltaMicros", equalTo(-1_750_000));
        // Repricing again with the same version changes nothing more.
        as(ops.token())
                .contentType(ContentType.JSON)
                .body(repriceBody)
                .post(BASE + "/ops/reprices")
                .then()
                .statusCode(201)
                .body("corrections", equalTo(0));
        List<Map<String, Object>> corrections = db.query(
                "SELECT id, debit_micros, price_version FROM charges WHERE correction_of = ?", charge.get("id"));
        assertThat(corrections).hasSize(1);
        assertThat(corrections.get(0))
                .containsEntry("id", charge.get("id") + ".c1")
                .containsEntry("debit_micros", -1_750_000L)
                .containsEntry("price_version", v2);
        assertThat(db.query("SELECT debit_micros FROM charges WHERE id = ?", charge.get("id"))
                        .get(0))
                .containsEntry("debit_micros", 3_500_000L);
        List<EventProbe.Received> events = await().atMost(Duration.ofSeconds(60))
                .until(() -> charges.all(ws, MeteringEvents.CHARGE_CREATED.type()), l -> l.size() >= 2);
        assertThat(events.stream().map(e -> SamplingAndRatingTest.field(e.value(), "correctionOf")))
                .containsExactlyInAnyOrder(null, (String) charge.get("id"));

        as(ops.token())
                .get(BASE + "/ops/rating")
                .then()
                .statusCode(200)
                .body("settledWindows", org.hamcrest.Matchers.greaterThan(0))
                .body("windowSeconds", equalTo(300));
        as(user.token()).get(BASE + "/ops/rating").then().statusCode(403);
        as(ops.token()).get(BASE + "/ops/rating/failures").then().statusCode(200);
    }
}
