package io.sealcloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sealcloud.testkit.OpenApiFuzzer.FuzzRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiFuzzerTest {

    private static final Path DOC = Path.of("src/test/resources/fuzz/openapi.json");

    @Test
    void generatesOneBrokenThingPerRequestForOperationsUnderThePrefixOnly() {
        List<FuzzRequest> requests = OpenApiFuzzer.generate(DOC, "/api/x", Map.of("workspaceId", "ws-1"));

        assertThat(requests).isNotEmpty().noneMatch(r -> r.path().startsWith("/other"));
        assertThat(requests)
                .filteredOn(r -> r.what().equals("a body that is not JSON"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.method()).isEqualTo("post");
                    assertThat(r.path()).isEqualTo("/api/x/v1/workspaces/ws-1/things");
                    assertThat(r.violatesSchema()).isTrue();
                });
        assertThat(requests)
                .filteredOn(r -> r.what().equals("size missing"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.violatesSchema()).as("size is required").isTrue();
                    assertThat(r.body()).contains("\"name\"").doesNotContain("\"size\"");
                });
        assertThat(requests)
                .filteredOn(r -> r.what().equals("tags missing"))
                .singleElement()
                .satisfies(r ->
                        assertThat(r.violatesSchema()).as("tags is optional").isFalse());
        assertThat(requests)
                .filteredOn(r -> r.what().equals("size 2^63"))
                .singleElement()
                .satisfies(r -> assertThat(r.body()).contains("9223372036854775808"));
        assertThat(requests)
                .filteredOn(r -> r.what().equals("query limit=abc"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.method()).isEqualTo("get");
                    assertThat(r.violatesSchema()).isTrue();
                });
    }

    @Test
    void reportsServerErrorsNonProblemRefusalsAndAcceptedViolations() throws IOException {
        List<FuzzRequest> requests = List.of(
                new FuzzRequest("post", "/fine", "", "{}", "refused as a problem", true),
                new FuzzRequest("post", "/boom", "", "{}", "server error", false),
                new FuzzRequest("post", "/plain", "", "{}", "refused as text", true),
                new FuzzRequest("post", "/ok", "", "{}", "accepted edge", false),
                new FuzzRequest("post", "/ok", "", "{}", "accepted violation", true));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int status;
            String type;
            switch (path) {
                case "/fine" -> {
                    status = 400;
                    type = "application/problem+json";
                }
                case "/boom" -> {
                    status = 500;
                    type = "application/problem+json";
                }
                case "/plain" -> {
                    status = 400;
                    type = "text/plain";
                }
                default -> {
                    status = 200;
                    type = "application/json";
                }
            }
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            OpenApiFuzzer.Report report = OpenApiFuzzer.run(
                    requests, "http://127.0.0.1:" + server.getAddress().getPort(), "token");

            assertThat(report.sent()).isEqualTo(5);
            assertThat(report.refused()).isEqualTo(3);
            assertThat(report.accepted()).isEqualTo(2);
            assertThat(report.findings())
                    .extracting(f -> f.request().what())
                    .containsExactlyInAnyOrder("server error", "refused as text", "accepted violation");
        } finally {
            server.stop(0);
        }
    }
}
