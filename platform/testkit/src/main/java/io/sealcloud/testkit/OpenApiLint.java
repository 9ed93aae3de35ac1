package io.sealcloud.testkit;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules every service's committed OpenAPI document ({@code src/main/openapi/openapi.json}, written by the build)
 * must follow: it parses as valid OpenAPI (swagger-parser), every operation has a unique operationId and a summary,
 * every operation but the listed public ones requires the token and declares 401, and every error it can answer is
 * described as {@code application/problem+json} with the shared {@code Problem} schema. {@link #check} returns the
 * violations, one line each, so a test shows them all at once.
 */
public final class OpenApiLint {

    static final String PROBLEM = "application/problem+json";
    static final String PROBLEM_REF = "#/components/schemas/Problem";

    private OpenApiLint() {}

    /** The document of the service module the test runs in. */
    public static Path committedDocument() {
        return Path.of("src", "main", "openapi", "openapi.json");
    }

    /**
     * The violations of the document at {@code path}; {@code publicOperations} are the operationIds that need no
     * token (e.g. a payment provider's signed webhook).
     */
    public static List<String> check(Path path, Set<String> publicOperations) {
        String json;
        try {
            json = Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(json, null, options);
        List<String> violations = new ArrayList<>();
        if (parsed.getMessages() != null) {
            parsed.getMessages().forEach(m -> violations.add("invalid OpenAPI: " + m));
        }
        OpenAPI api = parsed.getOpenAPI();
        if (api == null) {
            violations.add("not an OpenAPI document: " + path);
            return violations;
        }
        if (api.getComponents() == null
                || api.getComponents().getSchemas() == null
                || !api.getComponents().getSchemas().containsKey("Problem")) {
            violations.add("components.schemas.Problem is missing");
        }
        boolean securedByDefault =
                api.getSecurity() != null && !api.getSecurity().isEmpty();
        Map<String, String> operationIds = new HashMap<>();
        api.getPaths()
                .forEach((route, item) -> operations(item).forEach((method, op) -> {
                    String where = method + " " + route;
                    String id = op.getOperationId();
                    if (id == null || id.isBlank()) {
                        violations.add(where + ": no operationId");
                    } else if (operationIds.putIfAbsent(id, where) != null) {
                        violations.add(where + ": operationId " + id + " is also " + operationIds.get(id));
                    }
                    if (op.getSummary() == null || op.getSummary().isBlank()) {
                        violations.add(where + ": no summary");
                    }
                    boolean secured =
                            op.getSecurity() != null ? !op.getSecurity().isEmpty() : securedByDefault;
                    boolean isPublic = id != null && publicOperations.contains(id);
                    if (!secured && !isPublic) {
                        violations.add(where + ": requires no token and is not listed as public");
                    }
                    if (secured
                            && (op.getResponses() == null || !op.getResponses().containsKey("401"))) {
                        violations.add(where + ": requires a token but declares no 401");
                    }
                    if (op.getResponses() == null || !op.getResponses().containsKey("default")) {
                        violations.add(where + ": no default (problem) response");
                    }
                    if (op.getResponses() != null) {
                        op.getResponses().forEach((status, response) -> {
                            if ((status.startsWith("4") || status.startsWith("5") || status.equals("default"))
                                    && !isProblem(response)) {
                                violations.add(where + ": response " + status + " is not " + PROBLEM + " (Problem)");
                            }
                        });
                    }
                }));
        return violations;
    }

    private static boolean isProblem(ApiResponse response) {
        return response.getContent() != null
                && response.getContent().containsKey(PROBLEM)
                && response.getContent().get(PROBLEM).getSchema() != null
                && PROBLEM_REF.equals(
                        response.getContent().get(PROBLEM).getSchema().get$ref());
    }

    private static Map<String, Operation> operations(PathItem item) {
        Map<String, Operation> ops = new LinkedHashMap<>();
        item.readOperationsMap().forEach((method, op) -> ops.put(method.name(), op));
        return ops;
    }
}
