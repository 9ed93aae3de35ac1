package io.sealcloud.accounts.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test double of the TokenRequest endpoint ({@code POST …/serviceaccounts/<name>/token}), which the fabric8 mock API
 * server does not implement: it answers like the API server, with a token and an expiry of now plus the requested
 * seconds, and remembers what was asked. The service's production code path (fabric8 {@code tokenRequest}) runs
 * against it unchanged.
 */
final class TokenRequestDouble {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicReference<Long> requested = new AtomicReference<>();
    private final String token = "test-token-" + UUID.randomUUID();

    private TokenRequestDouble() {}

    static TokenRequestDouble install(KubernetesServer server, String namespace, String serviceAccount) {
        TokenRequestDouble double_ = new TokenRequestDouble();
        server.expect()
                .post()
                .withPath("/api/v1/namespaces/" + namespace + "/serviceaccounts/" + serviceAccount + "/token")
                .andReply(200, request -> double_.answer(request.getBody().readUtf8()))
                .always();
        return double_;
    }

    private TokenRequest answer(String body) {
        long seconds;
        try {
            JsonNode spec = JSON.readTree(body).path("spec");
            seconds = spec.path("expirationSeconds").asLong(3600);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
        requested.set(seconds);
        return new TokenRequestBuilder()
                .withNewSpec()
                .withExpirationSeconds(seconds)
                .endSpec()
                .withNewStatus()
                .withToken(token)
                .withExpirationTimestamp(Instant.now()
                        .plusSeconds(seconds)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString())
                .endStatus()
                .build();
    }

    Long requestedExpirationSeconds() {
        return requested.get();
    }

    String token() {
        return token;
    }
}
