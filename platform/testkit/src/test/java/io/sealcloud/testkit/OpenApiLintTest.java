package io.sealcloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenApiLintTest {

    static final String PROBLEM = """
            {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}""";

    static Path write(Path dir, String paths) throws Exception {
        Path file = dir.resolve("openapi.json");
        Files.writeString(file, """
                {"openapi": "3.1.0", "info": {"title": "t", "version": "v1"},
                 "components": {"schemas": {"Problem": {"type": "object"}},
                   "securitySchemes": {"oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://kc/.well-known"}}},
                 "paths": %s}
                """.formatted(paths));
        return file;
    }

    @Test
    void aDocumentThatFollowsEveryRuleHasNoViolations(@TempDir Path dir) throws Exception {
        Path file = write(dir, """
                {"/a": {"get": {"operationId": "A_get", "summary": "A", "security": [{"oidc": []}],
                  "responses": {"200": {"description": "OK"},
                                "401": {"description": "no token", "content": %1$s},
                                "default": {"description": "error", "content": %1$s}}}},
                 "/hook": {"post": {"operationId": "Hook_receive", "summary": "Hook",
                  "responses": {"200": {"description": "OK"},
                                "default": {"description": "error", "content": %1$s}}}}}
                """.formatted(PROBLEM));
        assertThat(OpenApiLint.check(file, Set.of("Hook_receive"))).isEmpty();
    }

    @Test
    void everyBrokenRuleIsReportedWithTheOperation(@TempDir Path dir) throws Exception {
        Path file = write(dir, """
                {"/a": {"get": {"operationId": "Same", "security": [{"oidc": []}],
                  "responses": {"200": {"description": "OK"},
                                "404": {"description": "gone", "content": {"application/json": {}}}}}},
                 "/b": {"post": {"operationId": "Same", "summary": "B",
                  "responses": {"200": {"description": "OK"},
                                "default": {"description": "error", "content": %s}}}}}
                """.formatted(PROBLEM));
        assertThat(OpenApiLint.check(file, Set.of()))
                .containsExactlyInAnyOrder(
                        "invalid OpenAPI: attribute paths.'/b'(post).operationId is repeated",
                        "GET /a: no summary",
                        "GET /a: requires a token but declares no 401",
                        "GET /a: no default (problem) response",
                        "GET /a: response 404 is not application/problem+json (Problem)",
                        "POST /b: operationId Same is also GET /a",
                        "POST /b: requires no token and is not listed as public");
    }
}
