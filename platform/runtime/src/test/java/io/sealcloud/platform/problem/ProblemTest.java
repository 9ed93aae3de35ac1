package io.sealcloud.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void derivesTypeSlugsFromStatusPhrases() {
        assertThat(Problem.slugFor(404)).isEqualTo("not-found");
        assertThat(Problem.slugFor(405)).isEqualTo("method-not-allowed");
        assertThat(Problem.slugFor(415)).isEqualTo("unsupported-media-type");
        assertThat(Problem.type("not-found")).isEqualTo(URI.create("https://sealcloud.io/problems/not-found"));
    }

    @Test
    void leavesOutAbsentMembersWhenSerialized() throws Exception {
        String json = new ObjectMapper().writeValueAsString(Problem.ofStatus(404, "gone", null));

        assertThat(json).doesNotContain("instance", "errors", "null");
        assertThat(json).contains("\"status\":404", "\"type\":\"https://sealcloud.io/problems/not-found\"");
    }

    @Test
    void writesAViolationWithEitherPointerOrParameter() throws Exception {
        ObjectMapper mapper = new ObjectMapper();

        assertThat(mapper.writeValueAsString(Problem.Violation.atPointer("/name", "must not be blank")))
                .isEqualTo("{\"pointer\":\"/name\",\"detail\":\"must not be blank\"}");
        assertThat(mapper.writeValueAsString(Problem.Violation.atParameter("limit", "must be at most 100")))
                .isEqualTo("{\"parameter\":\"limit\",\"detail\":\"must be at most 100\"}");
    }

    @Test
    void factoriesCarryStatusTypeAndDetail() {
        ProblemException notFound = ProblemException.notFound("workspace", "ws-1");
        Problem problem = notFound.toProblem(URI.create("/api/workspaces/ws-1"));

        assertThat(problem.status()).isEqualTo(404);
        assertThat(problem.type()).isEqualTo(Problem.type("not-found"));
        assertThat(problem.detail()).isEqualTo("workspace 'ws-1' was not found");
        assertThat(ProblemException.conflict("name-taken", "taken").status()).isEqualTo(409);
        assertThat(ProblemException.unprocessable("x").status()).isEqualTo(422);
        assertThat(ProblemException.badRequest("bad", List.of(Problem.Violation.atPointer("/a", "no")))
                        .errors())
                .hasSize(1);
        assertThat(ProblemException.conflict("busy")
                        .withHeader("Retry-After", "1")
                        .headers())
                .containsEntry("Retry-After", "1");
    }

    @Test
    void refusesANonErrorStatus() {
        assertThatThrownBy(() -> new ProblemException(200, "ok", "OK", "fine"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void escapesPointerTokensPerRfc6901() {
        assertThat(Violations.escape("a/b~c")).isEqualTo("a~1b~0c");
    }
}
