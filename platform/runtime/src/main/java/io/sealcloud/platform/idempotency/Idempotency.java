package io.sealcloud.platform.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.sealcloud.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * {@code Idempotency-Key} for mutating requests (draft-ietf-httpapi-idempotency-key-header): the first 2xx response to
 * a key is stored and replayed to every retry with the same key, so the action runs at most once.
 *
 * <p>A resource calls {@link #execute} with the header value, the request's identity and an action that does the
 * work in a Hibernate Reactive Panache transaction. Keys are per principal. Semantics:
 *
 * <ul>
 *   <li>no key: the action just runs;
 *   <li>first use: the key is claimed (committed at once, so duplicates see it), the action runs, and its 2xx response
 *       is stored <em>in the action's own transaction</em>: either both commit or neither does;
 *   <li>same key, same request: the stored response, with {@code Idempotent-Replayed: true};
 *   <li>same key, another body, method or path: 422 {@code idempotency-key-reused};
 *   <li>same key while the first is still running: waits up to {@code in-progress-wait}, then replays, or answers
 *       409 {@code request-in-progress} with {@code Retry-After}. The running request keeps its claim alive (a
 *       heartbeat), so a retry takes a key over only from a holder that died ({@code lock-timeout} after its last
 *       beat), never from one still running; and a holder that lost its claim all the same cannot store or commit
 *       (the completion is fenced by the claim's token);
 *   <li>non-2xx results (thrown problems, 4xx, 5xx) release the key: nothing happened, so a retry may run again;
 *   <li>keys expire after {@code retention} (default 24 h) and are purged on a schedule.
 * </ul>
 */
@ApplicationScoped
public class Idempotency {

    /** The request header. */
    public static final String HEADER = "Idempotency-Key";

    /** Set to {@code true} on replayed responses. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final Logger LOG = Logger.getLogger(Idempotency.class);

    /** Hop-by-hop and per-response headers that must not be replayed. */
    private static final Set<String> NOT_STORED_HEADERS =
            Set.of("content-length", "transfer-encoding", "connection", "date", "set-cookie", "idempotent-replayed");

    private static final TypeReference<Map<String, List<String>>> HEADERS_TYPE = new TypeReference<>() {};

    // Claim the key, or take over one that expired or whose holder died with the same request.
    private static final String CLAIM = """
            INSERT INTO idempotency_key
                (principal, idempotency_key, request_hash, method, path, state, lock_token, locked_until, expires_at)
            VALUES ($1, $2, $3, $4, $5, 'in_progress', $6,
                    now() + make_interval(secs => $7), now() + make_interval(secs => $8))
            ON CONFLICT (principal, idempotency_key) DO UPDATE SET
                request_hash = EXCLUDED.request_hash, method = EXCLUDED.method, path = EXCLUDED.path,
                state = 'in_progress', lock_token = EXCLUDED.lock_token, locked_until = EXCLUDED.locked_until,
                status = NULL, response_headers = NULL, response_body = NULL,
                created_at = now(), completed_at = NULL, expires_at = EXCLUDED.expires_at
            WHERE idempotency_key.expires_at <= now()
               OR (idempotency_key.state = 'in_progress' AND idempotency_key.locked_until <= now()
                   AND idempotency_key.request_hash = EXCLUDED.request_hash
                   AND idempotency_key.method = EXCLUDED.method AND idempotency_key.path = EXCLUDED.path)
            RETURNING lock_token""";

    private static final String LOOKUP = """
            SELECT request_hash, method, path, state, status, response_headers::text AS headers, response_body
              FROM idempotency_key
             WHERE principal = $1 AND idempotency_key = $2 AND expires_at > now()""";

    // Through text: the reactive driver would send a String bound as jsonb as a JSON string, not as the object.
    private static final String COMPLETE = """
            UPDATE idempotency_key
               SET state = 'completed', status = :status, response_headers = CAST(CAST(:headers AS text) AS jsonb),
                   response_body = CAST(:body AS bytea), completed_at = now()
             WHERE principal = :principal AND idempotency_key = :key AND lock_token = :token
               AND state = 'in_progress'""";

    // The holder's heartbeat: only its own claim, only while it is in progress.
    private static final String EXTEND = """
            UPDATE idempotency_key SET locked_until = now() + make_interval(secs => $4)
             WHERE principal = $1 AND idempotency_key = $2 AND lock_token = $3 AND state = 'in_progress'""";

    private static final String RELEASE =
            "DELETE FROM idempotency_key WHERE principal = $1 AND idempotency_key = $2 AND lock_token = $3";

    private static final String PURGE = "DELETE FROM idempotency_key WHERE expires_at <= now()";

    private final Pool pool;
    private final IdempotencyConfig config;
    private final ObjectMapper mapper;
    private final RequestFingerprint fingerprint;
    private final Vertx vertx;

    public Idempotency(Pool pool, IdempotencyConfig config, ObjectMapper mapper, Vertx vertx) {
        this.pool = pool;
        this.config = config;
        this.mapper = mapper;
        this.fingerprint = new RequestFingerprint(mapper);
        this.vertx = vertx;
    }

    /**
     * Runs {@code action} at most once per ({@code request.principal()}, key) and answers retries with its stored
     * response. Call it on the request's Vert.x context (a resource method returning {@code Uni}) and do the work in
     * Panache transactions ({@code Panache.withTransaction}, {@code @WithTransaction} service methods): they join the
     * transaction opened here, which also stores the response. Do not wrap the call itself in a transaction.
     *
     * @param idempotencyKey the raw {@code Idempotency-Key} header value, or null when the client sent none
     * @param request who asks for what; the body is compared as canonical JSON
     * @param action the work; runs only if this request claims the key
     * @return the action's response, a replay, or a failure with a {@link ProblemException} (400, 409, 422)
     */
    public Uni<Response> execute(String idempotencyKey, IdempotentRequest request, Supplier<Uni<Response>> action) {
        if (idempotencyKey == null) {
            return Uni.createFrom().deferred(action::get);
        }
        String key;
        String hash;
        try {
            key = IdempotencyKeys.parse(idempotencyKey);
            hash = fingerprint.of(request.body());
        } catch (RuntimeException invalid) {
            return Uni.createFrom().failure(invalid);
        }
        long deadline = System.nanoTime() + config.inProgressWait().toNanos();
        return acquire(key, request, hash, deadline)
                .chain(claim -> claim.replay() != null
                        ? Uni.createFrom().item(claim.replay())
                        : run(key, request, claim.token(), action));
    }

    /** Deletes every expired key; returns how many. */
    public Uni<Long> purgeExpired() {
        return pool.preparedQuery(PURGE).execute().map(rows -> (long) rows.rowCount());
    }

    @Scheduled(
            identity = "sealcloud-idempotency-purge",
            every = "${sealcloud.idempotency.purge-every:1h}",
            // Not during start-up: the first run would compete with it for the CPU (like the outbox and inbox purges).
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeOnSchedule() {
        return purgeExpired()
                .invoke(purged -> {
                    if (purged > 0) {
                        LOG.debugf("Purged %d expired idempotency keys", purged);
                    }
                })
                .onFailure()
                .invoke(error -> LOG.warn("Purging expired idempotency keys failed", error))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Either our claim (token) or a stored response to replay. */
    private record Claim(UUID token, Response replay) {}

    private Uni<Claim> acquire(String key, IdempotentRequest request, String hash, long deadline) {
        UUID token = UUID.randomUUID();
        Tuple claim = Tuple.from(List.<Object>of(
                request.principal(),
                key,
                hash,
                request.method(),
                request.path(),
                token,
                seconds(config.lockTimeout()),
                seconds(config.retention())));
        return pool.preparedQuery(CLAIM).execute(claim).chain(claimed -> {
            if (claimed.iterator().hasNext()) {
                return Uni.createFrom().item(new Claim(token, null));
            }
            return pool.preparedQuery(LOOKUP)
                    .execute(Tuple.of(request.principal(), key))
                    .chain(found -> existing(found, key, request, hash, deadline));
        });
    }

    private Uni<Claim> existing(RowSet<Row> found, String key, IdempotentRequest request, String hash, long deadline) {
        if (!found.iterator().hasNext()) {
            // Released or expired between our claim and this look: claim again.
            return waitOrGiveUp(key, request, hash, deadline);
        }
        Row row = found.iterator().next();
        if (!hash.equals(row.getString("request_hash"))
                || !request.method().equals(row.getString("method"))
                || !request.path().equals(row.getString("path"))) {
            return Uni.createFrom()
                    .failure(new ProblemException(
                            422,
                            "idempotency-key-reused",
                            "Idempotency-Key reused",
                            "This Idempotency-Key was already used for a different request (method, path or body). "
                                    + "Use a new key for a new request."));
        }
        if ("completed".equals(row.getString("state"))) {
            return Uni.createFrom().item(new Claim(null, replay(row)));
        }
        return waitOrGiveUp(key, request, hash, deadline);
    }

    private Uni<Claim> waitOrGiveUp(String key, IdempotentRequest request, String hash, long deadline) {
        if (System.nanoTime() - deadline > 0) {
            return Uni.createFrom()
                    .failure(new ProblemException(
                                    409,
                                    "request-in-progress",
                                    "Request in progress",
                                    "A request with this Idempotency-Key is still being processed. Retry later with the "
                                            + "same key to get its result.")
                            .withHeader(HttpHeaders.RETRY_AFTER, "1"));
        }
        return pause(config.pollInterval()).chain(() -> acquire(key, request, hash, deadline));
    }

    private Uni<Response> run(String key, IdempotentRequest request, UUID token, Supplier<Uni<Response>> action) {
        Heartbeat heartbeat = new Heartbeat(key, request, token);
        return Panache.withTransaction(() -> Uni.createFrom()
                        .<Response>deferred(action::get)
                        .call(response -> {
                            // The work is done; the completion row lock now keeps a retry out until the commit.
                            heartbeat.stop();
                            return isStored(response)
                                    ? complete(key, request, token, response)
                                    : Uni.createFrom().voidItem();
                        }))
                .onItemOrFailure()
                .transformToUni((response, failure) -> {
                    heartbeat.stop();
                    if (failure != null) {
                        return release(key, request, token)
                                .chain(() -> Uni.createFrom().failure(failure));
                    }
                    if (!isStored(response)) {
                        return release(key, request, token).replaceWith(response);
                    }
                    return Uni.createFrom().item(response);
                })
                .onSubscription()
                .invoke(heartbeat::start)
                .onTermination()
                .invoke(heartbeat::stop);
    }

    /**
     * Keeps a running request's claim alive: every third of {@code lock-timeout} it pushes {@code locked_until} a full
     * {@code lock-timeout} ahead, so a retry can take the key over only once the holder stopped beating (its process
     * died), never while the first execution still runs — a request may take longer than the lock, and its side effects
     * outside the database (Kubernetes writes, deleted ServiceAccounts) must not run twice. Should a beat still be lost
     * (the database unreachable longer than the lock), the completion is fenced: it stores and commits only under the
     * claim's own {@code lock_token}, so a taken-over first execution rolls back ({@link #complete}).
     */
    private final class Heartbeat {
        private final Tuple extend;
        private final String key;
        private final String principal;
        private long timer = -1;
        private boolean stopped;

        Heartbeat(String key, IdempotentRequest request, UUID token) {
            this.key = key;
            this.principal = request.principal();
            this.extend = Tuple.of(request.principal(), key, token, seconds(config.lockTimeout()));
        }

        synchronized void start() {
            if (stopped || timer >= 0) {
                return;
            }
            long every = Math.max(1, config.lockTimeout().toMillis() / 3);
            timer = vertx.setPeriodic(every, id -> beat());
        }

        private void beat() {
            pool.preparedQuery(EXTEND)
                    .execute(extend)
                    .subscribe()
                    .with(
                            rows -> {
                                if (rows.rowCount() == 0 && !isStopped()) {
                                    LOG.warnf(
                                            "Idempotency-Key %s of %s: the claim is no longer ours; this execution cannot complete",
                                            key, principal);
                                }
                            },
                            error -> LOG.warnf(
                                    error, "Could not extend the claim of Idempotency-Key %s of %s", key, principal));
        }

        private synchronized boolean isStopped() {
            return stopped;
        }

        synchronized void stop() {
            stopped = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }

    private static boolean isStored(Response response) {
        return response != null && response.getStatus() >= 200 && response.getStatus() < 300;
    }

    /** Stores the response in the action's transaction; fails it if our claim was taken over meanwhile. */
    private Uni<Void> complete(String key, IdempotentRequest request, UUID token, Response response) {
        String headers;
        byte[] body;
        try {
            headers = mapper.writeValueAsString(storedHeaders(response));
            body = bodyOf(response);
        } catch (JsonProcessingException unwritable) {
            return Uni.createFrom().failure(unwritable);
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(COMPLETE)
                        .setParameter("status", response.getStatus())
                        .setParameter("headers", headers)
                        .setParameter("body", body)
                        .setParameter("principal", request.principal())
                        .setParameter("key", key)
                        .setParameter("token", token)
                        .executeUpdate())
                .chain(updated -> updated == 1
                        ? Uni.createFrom().voidItem()
                        : Uni.createFrom()
                                .failure(new ProblemException(
                                        409,
                                        "request-in-progress",
                                        "Request in progress",
                                        "This request took longer than the idempotency lock and a retry with the same "
                                                + "key took over; this attempt was rolled back.")));
    }

    private Uni<Void> release(String key, IdempotentRequest request, UUID token) {
        return pool.preparedQuery(RELEASE)
                .execute(Tuple.of(request.principal(), key, token))
                .replaceWithVoid()
                .onFailure()
                .recoverWithUni(error -> {
                    // The claim then lapses after lock-timeout; retries get 409 until then.
                    LOG.warnf(error, "Could not release Idempotency-Key %s of %s", key, request.principal());
                    return Uni.createFrom().voidItem();
                });
    }

    private Map<String, List<String>> storedHeaders(Response response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.getStringHeaders().forEach((name, values) -> {
            if (!NOT_STORED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, List.copyOf(values));
            }
        });
        boolean typed = headers.keySet().stream().anyMatch(HttpHeaders.CONTENT_TYPE::equalsIgnoreCase);
        if (!typed && response.getEntity() != null) {
            headers.put(HttpHeaders.CONTENT_TYPE, List.of(MediaType.APPLICATION_JSON));
        }
        return headers;
    }

    private byte[] bodyOf(Response response) throws JsonProcessingException {
        Object entity = response.getEntity();
        if (entity == null) {
            return null;
        }
        if (entity instanceof byte[] bytes) {
            return bytes;
        }
        if (entity instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return mapper.writeValueAsBytes(entity);
    }

    private Response replay(Row row) {
        Response.ResponseBuilder builder = Response.status(row.getInteger("status"));
        String headers = row.getString("headers");
        if (headers != null) {
            try {
                mapper.readValue(headers, HEADERS_TYPE).forEach((name, values) -> {
                    for (String value : values) {
                        if (HttpHeaders.LOCATION.equalsIgnoreCase(name)) {
                            // As a URI, so it is resolved against the base URI exactly like the first time.
                            builder.location(URI.create(value));
                        } else {
                            builder.header(name, value);
                        }
                    }
                });
            } catch (JsonProcessingException corrupt) {
                throw new IllegalStateException("stored idempotent response headers are not JSON", corrupt);
            }
        }
        var body = row.getBuffer("response_body");
        if (body != null) {
            builder.entity(body.getBytes());
        }
        return builder.header(REPLAYED_HEADER, "true").build();
    }

    private Uni<Void> pause(Duration duration) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = Vertx.currentContext();
            vertx.setTimer(Math.max(1, duration.toMillis()), timer -> {
                if (context != null) {
                    // Back on the request's context: Hibernate Reactive needs it for the action.
                    context.runOnContext(ignored -> emitter.complete(null));
                } else {
                    emitter.complete(null);
                }
            });
        });
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1_000_000_000.0;
    }
}
