package io.sealcloud.platform.idempotency;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sealcloud.platform.problem.Problem;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithPostgres;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The claim on an Idempotency-Key while its request runs longer than the lock ({@code lock-timeout} is 3 s here, the
 * request 10 s), on the real database: a retry cannot take the key over from a holder that is still running, so the
 * action (and its side effects outside the database) never runs twice at once; and a holder whose claim was taken all
 * the same cannot store or commit.
 */
@QuarkusTest
@TestProfile(IdempotencyLockTest.ShortLock.class)
@WithKafka
@WithPostgres(database = "runtime")
@WithKubernetesTestServer
class IdempotencyLockTest {

    /**
     * A three-second lock, so a ten-second request outlives it three times over. (One second proved too tight on a
     * loaded 2-core machine: an event loop blocked for a second by class loading delays a heartbeat past the lock.)
     */
    public static class ShortLock implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sealcloud.idempotency.lock-timeout", "3s", "sealcloud.idempotency.in-progress-wait", "4s");
        }
    }

    private static final String WIDGETS = "/test/web/widgets";
    private static final String BODY = "{\"name\": \"long-running\", \"size\": 3}";

    @Inject
    Pool pool;

    @Test
    void aRetryCannotTakeOverTheKeyOfARequestThatIsStillRunningPastTheLock() throws Exception {
        String owner = "user-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<Response> first = executor.submit(() -> post(owner, key, 10_000));
            awaitClaimOlderThanTheLock(owner, key);

            // Without a heartbeat the claim has lapsed by now and this retry would run the action a second time.
            Response retry = post(owner, key, 4000);

            assertThat(retry.statusCode())
                    .as("the retry waits and gives up, it does not run: " + retry.asString())
                    .isEqualTo(409);
            assertThat(retry.jsonPath().getString("type")).isEqualTo(Problem.TYPE_BASE + "request-in-progress");
            Response firstResponse = first.get(60, TimeUnit.SECONDS);
            assertThat(firstResponse.statusCode()).as(firstResponse.asString()).isEqualTo(201);
            assertThat(WidgetTestResource.Executions.mostAtOnce(owner))
                    .as("executions at once")
                    .isEqualTo(1);
            assertThat(widgetsOf(owner)).isEqualTo(1);

            Response afterwards = post(owner, key, 0);
            assertThat(afterwards.header(Idempotency.REPLAYED_HEADER)).isEqualTo("true");
            assertThat(afterwards.asString()).isEqualTo(firstResponse.asString());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aHolderWhoseClaimWasTakenOverCannotStoreOrCommitItsResult() throws Exception {
        String owner = "user-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<Response> first = executor.submit(() -> post(owner, key, 2000));
            awaitClaim(owner, key);
            // What a retry that took the key over leaves: the same row under another holder's token.
            UUID taker = UUID.randomUUID();
            pool.preparedQuery("UPDATE idempotency_key SET lock_token = $3, locked_until = now() + interval '1 minute'"
                            + " WHERE principal = $1 AND idempotency_key = $2")
                    .execute(Tuple.of(owner, key, taker))
                    .await()
                    .indefinitely();

            Response fenced = first.get(60, TimeUnit.SECONDS);

            assertThat(fenced.statusCode()).as(fenced.asString()).isEqualTo(409);
            assertThat(fenced.jsonPath().getString("type")).isEqualTo(Problem.TYPE_BASE + "request-in-progress");
            assertThat(widgetsOf(owner)).as("its insert was rolled back").isZero();
            Row row = keyRow(owner, key);
            assertThat(row.getString("state")).isEqualTo("in_progress");
            assertThat(row.getUUID("lock_token"))
                    .as("the taker's claim is untouched")
                    .isEqualTo(taker);
        } finally {
            executor.shutdownNow();
        }
    }

    private static Response post(String owner, String key, long delayMs) {
        return given().header("Authorization", "Bearer test:" + owner + ":user")
                .header(Idempotency.HEADER, key)
                .queryParam("delayMs", delayMs)
                .contentType(ContentType.JSON)
                .body(BODY)
                .post(WIDGETS);
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

    private Row keyRow(String owner, String key) {
        var rows = pool.preparedQuery("SELECT state, lock_token, now() - created_at > interval '3.5 seconds' AS old"
                        + " FROM idempotency_key WHERE principal = $1 AND idempotency_key = $2")
                .execute(Tuple.of(owner, key))
                .await()
                .indefinitely();
        return rows.iterator().hasNext() ? rows.iterator().next() : null;
    }

    private void awaitClaim(String owner, String key) throws InterruptedException {
        for (int i = 0; i < 600 && keyRow(owner, key) == null; i++) {
            Thread.sleep(10);
        }
        assertThat(keyRow(owner, key)).as("the request claimed its key").isNotNull();
    }

    /** Until the claim is older than the 3 s lock by half a second (by the database's clock): a condition, bounded. */
    private void awaitClaimOlderThanTheLock(String owner, String key) throws InterruptedException {
        awaitClaim(owner, key);
        for (int i = 0; i < 1_000 && !keyRow(owner, key).getBoolean("old"); i++) {
            Thread.sleep(10);
        }
        Row row = keyRow(owner, key);
        assertThat(row.getBoolean("old")).as("the claim outlived its lock").isTrue();
        assertThat(row.getString("state")).as("the first request still runs").isEqualTo("in_progress");
    }
}
