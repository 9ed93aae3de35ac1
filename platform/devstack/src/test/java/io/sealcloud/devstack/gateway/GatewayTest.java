package io.sealcloud.devstack.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static Vertx vertx;
    private static HttpServer accounts;
    private static int downPort;
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        // A stand-in service that echoes what reached it, so the test sees the path and headers the gateway sent.
        accounts = vertx.createHttpServer()
                .requestHandler(request -> request.body()
                        .onSuccess(body -> request.response()
                                .setStatusCode(201)
                                .putHeader("content-type", "application/json")
                                .end(new io.vertx.core.json.JsonObject()
                                        .put("method", request.method().name())
                                        .put("uri", request.uri())
                                        .put("forwardedHost", request.getHeader("X-Forwarded-Host"))
                                        .put("authorization", request.getHeader("Authorization"))
                                        .put("body", body.toString())
                                        .encode())))
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        try (ServerSocket socket = new ServerSocket(0)) {
            // Nothing listens here once the socket is closed: the "metering" service is down.
            downPort = socket.getLocalPort();
        }
        gateway = Gateway.start(
                "127.0.0.1", 0, new Routes(Map.of("accounts", accounts.actualPort(), "metering", downPort)));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void routesAServicePrefixToThatServiceWithThePathUnchanged() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/accounts/v1/workspaces?limit=5"))
                .header("Authorization", "Bearer abc")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"team-a\"}")));

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode echoed = JSON.readTree(response.body());
        assertThat(echoed.path("method").asText()).isEqualTo("POST");
        assertThat(echoed.path("uri").asText()).isEqualTo("/api/accounts/v1/workspaces?limit=5");
        assertThat(echoed.path("authorization").asText()).isEqualTo("Bearer abc");
        assertThat(echoed.path("body").asText()).isEqualTo("{\"name\":\"team-a\"}");
        assertThat(echoed.path("forwardedHost").asText()).isEqualTo("127.0.0.1:" + gateway.port());
    }

    @Test
    void answersBadGatewayProblemWhenTheServiceIsDown() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/metering/v1/usage")));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(502);
        assertThat(problem.path("title").asText()).isEqualTo("Bad Gateway");
        assertThat(problem.path("detail").asText()).contains("metering");
        assertThat(problem.path("instance").asText()).isEqualTo("/api/metering/v1/usage");
    }

    @Test
    void answersNotFoundProblemForAPrefixNoServiceServes() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/billing/v1/invoices")));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(404);
        assertThat(problem.path("detail").asText()).contains("/api/billing/v1/invoices");
    }

    @Test
    void doesNotRouteAPathThatOnlySharesTheServiceNamesPrefix() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/accountsx/v1/me")));

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void healthzListsTheRoutes() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/healthz")));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(response.body());
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("routes").path("/api/accounts").asText())
                .isEqualTo("localhost:" + accounts.actualPort());
    }

    @Test
    void parsesRoutesAndRejectsAMalformedOne() {
        assertThat(Routes.parse("accounts=8081, metering=8082").ports())
                .containsExactly(Map.entry("accounts", 8081), Map.entry("metering", 8082));
        assertThat(Routes.parse("").ports()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Routes.parse("accounts"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<service>=<port>");
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
