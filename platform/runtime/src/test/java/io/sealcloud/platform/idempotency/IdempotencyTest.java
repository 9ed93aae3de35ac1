package io.sealcloud.platform.idempotency;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sealcloud.platform.problem.Problem;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithPostgres;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Idempotency-Key on a real resource and a real database: at most one effect per key, and honest replays. */
@QuarkusTest
@WithKafka
@WithPostgres(database = "runtime")
@WithKubernetesTestServer
class IdempotencyTest {

    private static final String WIDGETS = "/test/web/widgets";

    @Inject
    Pool pool;

    @Inject
    Idempotency idempotency;

    @Inject
    ObjectMapper mapper;

    @Test
    void replaysTheFirstResponseWithoutASecondEffect() {
        String owner = uniqueOwner();
        String key = UUID.randomUUID().toString();

        Response first = post(owner, key, widget("replayed", 7));
        Response second = post(owner, key, widget("replayed", 7));

        assertThat(first.statusCode()).as(first.asString()).isEqualTo(201);
        assertThat(first.header(Idempotency.REPLAYED_HEADER)).isNull();
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(second.header(Idempotency.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(second.asString()).isEqualTo(first.asString());
        assertThat(second.header("Location")).isEqualTo(first.header("Location"));
        assertThat(second.contentType()).startsWith("application/json");
        assertThat(widgetsOf(owner)).isEqualTo(1);
    }

    @Test
    void runsEveryRequestWithoutAKey() {
        String owner = uniqueOwner();

        post(owner, null, widget("no-key", 1)).then().statusCode(201);
        post(owner, null, widget("no-key", 1)).then().statusCode(201);

        assertThat(widgetsOf(owner)).isEqualTo(2);
    }

    @Test
    void rejectsTheSameKeyWithAnotherBody() {
        String owner = uniqueOwner();
        String key = UUID.randomUUID().toString();
        post(owner, key, widget("original", 1)).then().statusCode(201);

        Response reused = post(owner, key, widget("changed", 1));

        assertProblem(reused, 422, "idempotency-key-reused");
        assertThat(widgetsOf(owner)).isEqualTo(1);
    }

    @Test
    void treatsReorderedAndReformattedJsonAsTheSameBody() {
        String owner = uniqueOwner();
        String key = UUID.randomUUID().toString();
        post(owner, key, "{\"name\":\"same\",\"size\":3,\"tags\":[\"a\",\"b\"]}")
                .then()
                .statusCode(201);

        Response again = post(owner, key, "{ \"tags\" : [ \"a\", \"b\" ],\n  \"size\": 3, \"name\": \"same\" }");

        assertThat(again.statusCode()).as(again.asString()).isEqualTo(201);
        assertThat(again.header(Idempotency.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(widgetsOf(owner)).isEqualTo(1);
    }

    @Test
    void keepsKeysOfDifferentCallersApart() {
        String alice = uniqueOwner();
        String bob = uniqueOwner();
        String key = UUID.randomUUID().toString();

        Response fromAlice = post(alice, key, widget("shared-key", 1));
        Response fromBob = post(bob, key, widget("shared-key", 1));

        assertThat(fromAlice.statusCode()).isEqualTo(201);
        assertThat(fromBob.statusCode()).isEqualTo(201);
        assertThat(fromBob.header(Idempotency.REPLAYED_HEADER)).isNull();
        assertThat(fromBob.jsonPath().getString("owner")).isEqualTo(bob);
        assertThat(widgetsOf(alice)).isEqualTo(1);
        assertThat(widgetsOf(bob)).isEqualTo(1);
    }

    @Test
    void executesConcurrentDuplicatesOnce() throws Exception {
        String owner = uniqueOwner();
        String key = UUID.randomUUID().toString();
        int parallel = 8;
        ExecutorService executor = Executors.newFixedThreadPool(parallel);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < parallel; i++) {
                futures.add(executor.submit(() -> {
                    start.await();
                    // The action holds its transaction open a while, so the duplicates overlap it.
                    return as(owner)
                            .header(Idempotency.HEADER, key)
                            .queryParam("delayMs", 300)
                            .contentType(ContentType.JSON)
                            .body(widget("concurrent", 5))
                            .post(WIDGETS);
                }));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }

            assertThat(widgetsOf(owner)).isEqualTo(1);
            List<Response> created =
                    responses.stream().filter(r -> r.statusCode() == 201).toList();
            assertThat(created)
                    .filteredOn(r -> r.header(Idempotency.REPLAYED_HEADER) == null)
                    .hasSize(1);
            String body = created.get(0).asString();
            assertThat(created).allSatisfy(r -> assertThat(r.asString()).isEqualTo(body));
            // A duplicate that waited longer than in-progress-wait gets 409 instead of a replay; nothing else is
            // allowed.
            assertThat(responses)
                    .filteredOn(r -> r.statusCode() != 201)
                    .allSatisfy(r -> assertProblem(r, 409, "request-in-progress"));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void answersADuplicateOfALongRequestWithRequestInProgress() throws Exception {
        String owner = uniqueOwner();
        String key = UUID.randomUUID().toString();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            // Longer than in-progress-wait (2 s in the test config) so the duplicate gives up waiting.
            Future<Response> slow = executor.submit(() -> as(owner)
                    .header(Idempotency.HEADER, key)
                    .queryParam("delayMs", 5000)
                    .contentType(ContentType.JSON)
                    .body(widget("slow", 2))
                    .post(WIDGETS));
            awaitClaim(owner, key);

            Response duplicate = post(owner, key, widget("slow", 2));

            assertProblem(duplicate, 409, "request-in-progress");
            assertThat(duplicate.header("Retry-After")).isEqualTo("1");
            assertThat(slow.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
            Response afterwards = post(owner, key, widget("slow", 2));
            assertThat(afterwards.header(Idempotency.REPLAYED_HEADER)).isEqualTo("true");
            assertThat(widgetsOf(owner)).isEqualTo(1);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void releasesTheKeyWhenTheActionFailsWithAProblem() {
        String owner = uniqueOwner();
        String key = UUID.randomUUID().toString();

        Response failed = as(owner)
                .header(Idempotency.HEADER, key)
                .queryParam("fail", "409")
                .contentType(ContentType.JSON)
                .body(widget("released", 1))
                .post(WIDGETS);
        assertProblem(failed, 409, "widget-name-taken");
        assertThat(widgetsOf(owner)).as("the insert was rolled back").isZero();

        Response retry = post(owner, key, widget("released", 1));

        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.header(Idempotency.REPLAYED_HEADER)).isNull();
        assertThat(widgetsOf(owner)).isEqualTo(1);
    }

    @Test
    void releasesTheKeyWhenTheActionCrashes() {
        String owner = uniqueOwner();
        String key = UUID.randomUUID().toString();

        Response crashed = as(owner)
                .header(Idempotency.HEADER, key)
                .queryParam("fail", "500")
                .contentType(ContentType.JSON)
                .body(widget("crashed", 1))
                .post(WIDGETS);
        assertProblem(crashed, 500, "internal-error");
        assertThat(keyRows(owner, key)).isZero();

        Response retry = post(owner, key, widget("crashed", 1));

        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(widgetsOf(owner)).isEqualTo(1);
    }

    @Test
    void doesNotStoreAReturnedClientError() {
        String owner = uniqueOwner();
        String key = UUID.randomUUID().toString();

        Response returned = as(owner)
                .header(Idempotency.HEADER, key)
                .queryParam("fail", "422-returned")
                .contentType(ContentType.JSON)
                .body(widget("returned-4xx", 1))
                .post(WIDGETS);

        assertThat(returned.statusCode()).isEqualTo(422);
        assertThat(keyRows(owner, key)).isZero();
    }

    @Test
    void rejectsAnInvalidKeyAndCreatesNothing() {
        String owner = uniqueOwner();

        assertProblem(post(owner, "x".repeat(256), widget("bad-key", 1)), 400, "invalid-idempotency-key");
        assertProblem(post(owner, "\"has space\"", widget("bad-key", 1)), 400, "invalid-idempotency-key");

        assertThat(widgetsOf(owner)).isZero();
    }

    @Test
    void acceptsAStructuredFieldStringKeyAsTheSameKey() {
        String owner = uniqueOwner();
        String key = UUID.randomUUID().toString();
        post(owner, key, widget("quoted", 1)).then().statusCode(201);

        Response quoted = post(owner, "\"" + key + "\"", widget("quoted", 1));

        assertThat(quoted.header(Idempotency.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(widgetsOf(owner)).isEqualTo(1);
    }

    @Test
    void purgesExpiredKeysSoTheKeyCanBeUsedAgain() {
        String owner = uniqueOwner();
        String key = UUID.randomUUID().toString();
        post(owner, key, widget("expiring", 1)).then().statusCode(201);
        pool.preparedQuery("UPDATE idempotency_key SET expires_at = now() - interval '1 second'"
                        + " WHERE principal = $1 AND idempotency_key = $2")
                .execute(Tuple.of(owner, key))
                .await()
                .indefinitely();

        long purged = idempotency.purgeExpired().await().indefinitely();

        assertThat(purged).isGreaterThanOrEqualTo(1);
        assertThat(keyRows(owner, key)).isZero();
        Response reused = post(owner, key, widget("another body", 2));
        assertThat(reused.statusCode()).isEqualTo(201);
        assertThat(reused.header(Idempotency.REPLAYED_HEADER)).isNull();
    }

    @Test
    void keepsUnexpiredKeysWhenPurging() {
        String owner = uniqueOwner();
        String key = UUID.randomUUID().toString();
        post(owner, key, widget("kept", 1)).then().statusCode(201);

        idempotency.purgeExpired().await().indefinitely();

        assertThat(keyRows(owner, key)).isEqualTo(1);
        Long retainedHours = pool.preparedQuery("SELECT extract(epoch FROM expires_at - created_at)::bigint / 3600"
                        + " FROM idempotency_key WHERE principal = $1 AND idempotency_key = $2")
                .execute(Tuple.of(owner, key))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
        assertThat(retainedHours).isGreaterThanOrEqualTo(24);
    }

    @Test
    void takesOverTheClaimOfACrashedHolderOfTheSameRequest() {
        String owner = uniqueOwner();
        String key = UUID.randomUUID().toString();
        WidgetTestResource.CreateWidget body = new WidgetTestResource.CreateWidget("orphan", 4, null, null);
        // What a process that died after claiming leaves behind: in progress, lock lapsed.
        pool.preparedQuery("INSERT INTO idempotency_key (principal, idempotency_key, request_hash, method, path,"
                        + " state, lock_token, locked_until, expires_at) VALUES ($1, $2, $3, 'POST', $4,"
                        + " 'in_progress', $5, now() - interval '1 second', now() + interval '1 day')")
                .execute(Tuple.of(owner, key, new RequestFingerprint(mapper).of(body), WIDGETS, UUID.randomUUID()))
                .await()
                .indefinitely();

        Response retry = post(owner, key, widget("orphan", 4));

        assertThat(retry.statusCode()).as(retry.asString()).isEqualTo(201);
        assertThat(widgetsOf(owner)).isEqualTo(1);
    }

    private static String widget(String name, int size) {
        return "{\"name\": \"" + name + "\", \"size\": " + size + "}";
    }

    private static RequestSpecification as(String owner) {
        return given().header("Authorization", "Bearer test:" + owner + ":user");
    }

    private static Response post(String owner, String key, String body) {
        RequestSpecification request = as(owner).contentType(ContentType.JSON).body(body);
        if (key != null) {
            request.header(Idempotency.HEADER, key);
        }
        return request.post(WIDGETS);
    }

    private static String uniqueOwner() {
        return "user-" + UUID.randomUUID();
    }

    private long widgetsOf(String owner) {
        return pool.preparedQuery("SELECT count(*) FROM web_test_widget WHERE owner = $1")
                .execute(Tuple.of(owner))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    private long keyRows(String owner, String key) {
        return pool.preparedQuery("SELECT count(*) FROM idempotency_key WHERE principal = $1 AND idempotency_key = $2")
                .execute(Tuple.of(owner, key))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    /** Waits (bounded) until the slow request has claimed its key; a condition, not a timed assertion. */
    private void awaitClaim(String owner, String key) throws InterruptedException {
        for (int i = 0; i < 600 && keyRows(owner, key) == 0; i++) {
            Thread.sleep(10);
        }
        assertThat(keyRows(owner, key)).as("the slow request claimed its key").isEqualTo(1);
    }

    private static void assertProblem(Response response, int status, String slug) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(response.jsonPath().getString("type")).isEqualTo(Problem.TYPE_BASE + slug);
    }
}
