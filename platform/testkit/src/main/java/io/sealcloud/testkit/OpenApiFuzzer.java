package io.sealcloud.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Bad requests generated from a service's committed OpenAPI document, sent to the running service: the fuzzing half
 * of the "bad input" rule. For every operation it takes a request that fits the schema and breaks one thing at a time
 * (a body that is not JSON, of the wrong shape, a property of the wrong type, a required one missing, an unknown one,
 * extreme numbers and strings, path and query values of the wrong type or hostile content), then checks that no
 * answer is a server error and every 4xx is {@code application/problem+json}.
 *
 * <p>Each request says whether it <i>violates</i> the schema (wrong type, missing required, not JSON, unknown property:
 * the service must refuse it) or only <i>probes an edge</i> the schema allows (a 10,000-character string where no
 * maxLength is declared): the latter may succeed, but must never answer 5xx.
 */
public final class OpenApiFuzzer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> METHODS = List.of("post", "put", "patch", "get", "delete");
    private static final String LONG = "x".repeat(10_000);
    private static final List<String> HOSTILE_STRINGS = List.of(
            "", " ", LONG, "../../etc/passwd", "' OR '1'='1' --", "\u0000", "ü𝄞\u202e", "<script>alert(1)</script>");

    /** One generated request. */
    public record FuzzRequest(
            String method, String path, String query, String body, String what, boolean violatesSchema) {

        @Override
        public String toString() {
            return method.toUpperCase() + " " + path + (query.isEmpty() ? "" : "?" + query) + " — " + what;
        }
    }

    /** One answer that breaks the rules. */
    public record Finding(FuzzRequest request, int status, String contentType, String body) {

        @Override
        public String toString() {
            String shown = body.length() > 300 ? body.substring(0, 300) + "…" : body;
            return request + " → " + status + " " + contentType + " " + shown;
        }
    }

    /** What a run sent and found. */
    public record Report(int sent, int refused, int accepted, List<Finding> findings) {}

    private OpenApiFuzzer() {}

    /**
     * The requests for every operation of the document whose path starts with {@code pathPrefix}, with path
     * parameters filled from {@code pathValues} (by name; unknown names get a random UUID).
     */
    public static List<FuzzRequest> generate(Path document, String pathPrefix, Map<String, String> pathValues) {
        OpenAPI api = parse(document);
        List<FuzzRequest> out = new ArrayList<>();
        api.getPaths().forEach((route, item) -> {
            if (!route.startsWith(pathPrefix)) {
                return;
            }
            for (String method : METHODS) {
                Operation op = operation(item, method);
                if (op != null) {
                    new OperationFuzz(route, method, op, item.getParameters(), pathValues).generate(out);
                }
            }
        });
        return out;
    }

    /**
     * Sends each request to {@code baseUrl} with {@code Authorization: Bearer <token>} (and a fresh Idempotency-Key on
     * mutations) and returns the findings: any status ≥ 500, any 4xx that is not problem+json, any schema violation
     * that was accepted (2xx).
     */
    public static Report run(List<FuzzRequest> requests, String baseUrl, String token) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        List<Finding> findings = new ArrayList<>();
        int refused = 0;
        int accepted = 0;
        for (FuzzRequest request : requests) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl
                            + encodePath(request.path())
                            + (request.query().isEmpty() ? "" : "?" + request.query())))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json, application/problem+json");
            HttpRequest.BodyPublisher body = request.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(request.body());
            if (request.body() != null) {
                builder.header("Content-Type", "application/json");
            }
            if (!request.method().equals("get") && !request.method().equals("delete")) {
                builder.header("Idempotency-Key", UUID.randomUUID().toString());
            }
            builder.method(request.method().toUpperCase(), body);
            HttpResponse<String> response;
            try {
                response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                findings.add(new Finding(request, -1, "", "no answer: " + e));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            int status = response.statusCode();
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (status >= 400) {
                refused++;
            } else {
                accepted++;
            }
            boolean broken = status >= 500
                    || (status >= 400 && !type.startsWith("application/problem+json"))
                    || (status < 400 && request.violatesSchema());
            if (broken) {
                findings.add(new Finding(request, status, type, response.body()));
            }
        }
        return new Report(requests.size(), refused, accepted, findings);
    }

    private static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (out.length() > 0 || path.startsWith("/")) {
                out.append('/');
            }
            out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString().replaceFirst("^//", "/");
    }

    private static OpenAPI parse(Path document) {
        String json;
        try {
            json = Files.readString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        OpenAPI api = new OpenAPIV3Parser().readContents(json, null, options).getOpenAPI();
        if (api == null) {
            throw new IllegalArgumentException("not an OpenAPI document: " + document);
        }
        return api;
    }

    private static Operation operation(PathItem item, String method) {
        return switch (method) {
            case "get" -> item.getGet();
            case "post" -> item.getPost();
            case "put" -> item.getPut();
            case "patch" -> item.getPatch();
            case "delete" -> item.getDelete();
            default -> null;
        };
    }

    /** The requests of one operation: a valid baseline, then one broken thing per request. */
    private static final class OperationFuzz {

        private final String route;
        private final String method;
        private final List<Parameter> parameters = new ArrayList<>();
        private final Map<String, String> pathValues;
        private final Schema<?> bodySchema;

        OperationFuzz(
                String route, String method, Operation op, List<Parameter> shared, Map<String, String> pathValues) {
            this.route = route;
            this.method = method;
            this.pathValues = pathValues;
            if (shared != null) {
                parameters.addAll(shared);
            }
            if (op.getParameters() != null) {
                parameters.addAll(op.getParameters());
            }
            Schema<?> schema = null;
            if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
                MediaType json = op.getRequestBody().getContent().get("application/json");
                schema = json == null ? null : json.getSchema();
            }
            this.bodySchema = schema;
        }

        void generate(List<FuzzRequest> out) {
            Map<String, String> path = new LinkedHashMap<>();
            Map<String, String> query = new LinkedHashMap<>();
            for (Parameter p : parameters) {
                if ("path".equals(p.getIn())) {
                    path.put(
                            p.getName(),
                            pathValues.getOrDefault(
                                    p.getName(), UUID.randomUUID().toString()));
                }
            }
            JsonNode body = bodySchema == null ? null : sample(bodySchema, 0);
            // Path parameters: hostile strings where the service expects an id or a name.
            for (Parameter p : parameters) {
                if (!"path".equals(p.getIn())) {
                    continue;
                }
                for (String value : List.of(LONG, "..", "' OR '1'='1", "ü𝄞", "-1", "9223372036854775808")) {
                    Map<String, String> changed = new LinkedHashMap<>(path);
                    changed.put(p.getName(), value);
                    add(out, changed, query, body, "path " + p.getName() + "=" + abbreviate(value), false);
                }
            }
            // Query parameters: wrong types and extremes.
            for (Parameter p : parameters) {
                if (!"query".equals(p.getIn())) {
                    continue;
                }
                String type = p.getSchema() == null
                        ? "string"
                        : String.valueOf(p.getSchema().getType());
                boolean numeric = type.equals("integer") || type.equals("number");
                for (String value : numeric
                        ? List.of("abc", "-1", "0", "2147483648", "99999999999999999999999", "1e309")
                        : List.of(LONG, "' OR '1'='1", "\u0000")) {
                    Map<String, String> changed = new LinkedHashMap<>(query);
                    changed.put(p.getName(), value);
                    boolean violates = numeric
                            && (value.equals("abc")
                                    || value.equals("1e309")
                                    || (type.equals("integer") && value.equals("99999999999999999999999")));
                    add(out, path, changed, body, "query " + p.getName() + "=" + abbreviate(value), violates);
                }
            }
            if (bodySchema == null) {
                return;
            }
            // Whole bodies.
            add(out, path, query, "{not json", "a body that is not JSON", true);
            add(out, path, query, "[]", "an array instead of an object", isObject(bodySchema));
            add(out, path, query, "null", "a null body", true);
            add(out, path, query, "\"" + LONG + "\"", "a long string instead of an object", isObject(bodySchema));
            if (isObject(bodySchema)) {
                ObjectNode unknown = ((ObjectNode) body).deepCopy();
                unknown.put("fuzzUnknownProperty", "x");
                add(out, path, query, unknown.toString(), "an unknown property", true);
                add(out, path, query, deep(200), "200 nested objects", true);
            }
            // One property at a time.
            if (body instanceof ObjectNode object && bodySchema.getProperties() != null) {
                List<String> required = bodySchema.getRequired() == null ? List.of() : bodySchema.getRequired();
                bodySchema.getProperties().forEach((name, schema) -> {
                    String type = typeOf(schema);
                    for (Map.Entry<String, Function<ObjectNode, Boolean>> mutation :
                            mutations(name, type, required).entrySet()) {
                        ObjectNode changed = object.deepCopy();
                        boolean violates = mutation.getValue().apply(changed);
                        add(out, path, query, changed.toString(), mutation.getKey(), violates);
                    }
                });
            }
        }

        private Map<String, Function<ObjectNode, Boolean>> mutations(String name, String type, List<String> required) {
            Map<String, Function<ObjectNode, Boolean>> m = new LinkedHashMap<>();
            boolean isRequired = required.contains(name);
            m.put(name + " missing", o -> {
                o.remove(name);
                return isRequired;
            });
            m.put(name + " null", o -> {
                o.putNull(name);
                return isRequired;
            });
            switch (type) {
                case "integer", "number" -> {
                    m.put(name + " a string", o -> {
                        o.put(name, "abc");
                        return true;
                    });
                    m.put(name + " 2^63", o -> {
                        o.put(name, new java.math.BigInteger("9223372036854775808"));
                        return type.equals("integer");
                    });
                    m.put(name + " -2^63", o -> {
                        o.put(name, Long.MIN_VALUE);
                        return false;
                    });
                    m.put(name + " -1", o -> {
                        o.put(name, -1);
                        return false;
                    });
                    m.put(name + " 1e308", o -> {
                        o.put(name, 1e308);
                        return type.equals("integer");
                    });
                }
                case "boolean" ->
                    m.put(name + " a string", o -> {
                        o.put(name, "maybe");
                        return true;
                    });
                case "array" -> {
                    m.put(name + " an object", o -> {
                        o.putObject(name);
                        return true;
                    });
                    m.put(name + " 10,000 items", o -> {
                        ArrayNode many = o.putArray(name);
                        for (int i = 0; i < 10_000; i++) {
                            many.add("x" + i);
                        }
                        return false;
                    });
                }
                case "object" ->
                    m.put(name + " a number", o -> {
                        o.put(name, 42);
                        return true;
                    });
                default -> {
                    m.put(name + " a number", o -> {
                        o.put(name, 42);
                        return false; // Jackson coerces scalars to strings; the answer must still not be a 5xx
                    });
                    m.put(name + " an object", o -> {
                        o.putObject(name).put("a", 1);
                        return true;
                    });
                    for (String hostile : HOSTILE_STRINGS) {
                        m.put(name + "=" + abbreviate(hostile), o -> {
                            o.put(name, hostile);
                            return false;
                        });
                    }
                }
            }
            return m;
        }

        private void add(
                List<FuzzRequest> out,
                Map<String, String> path,
                Map<String, String> query,
                Object body,
                String what,
                boolean violates) {
            String resolved = route;
            for (Map.Entry<String, String> e : path.entrySet()) {
                resolved = resolved.replace("{" + e.getKey() + "}", e.getValue());
            }
            StringBuilder q = new StringBuilder();
            query.forEach((k, v) -> {
                if (q.length() > 0) {
                    q.append('&');
                }
                q.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                        .append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            });
            String text = body == null ? null : body.toString();
            out.add(new FuzzRequest(method, resolved, q.toString(), text, what, violates));
        }
    }

    /** A value that fits the schema: its example, its first enum value, or the simplest value of its type. */
    static JsonNode sample(Schema<?> schema, int depth) {
        if (schema.getExample() != null) {
            return JSON.valueToTree(schema.getExample());
        }
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
            return JSON.valueToTree(schema.getEnum().get(0));
        }
        String type = typeOf(schema);
        return switch (type) {
            case "integer" ->
                NODES.numberNode(
                        schema.getMinimum() == null ? 1 : schema.getMinimum().longValue());
            case "number" -> NODES.numberNode(1.0);
            case "boolean" -> NODES.booleanNode(true);
            case "array" -> NODES.arrayNode();
            case "object" -> {
                ObjectNode node = NODES.objectNode();
                if (schema.getProperties() != null && depth < 5) {
                    List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
                    schema.getProperties().forEach((name, property) -> {
                        if (required.contains(name)) {
                            node.set(name, sample(property, depth + 1));
                        }
                    });
                }
                yield node;
            }
            default -> NODES.textNode("fuzz");
        };
    }

    static String typeOf(Schema<?> schema) {
        if (schema.getType() != null) {
            return schema.getType();
        }
        if (schema.getTypes() != null && !schema.getTypes().isEmpty()) {
            return schema.getTypes().stream()
                    .filter(t -> !"null".equals(t))
                    .findFirst()
                    .orElse("string");
        }
        return schema.getProperties() != null ? "object" : "string";
    }

    private static boolean isObject(Schema<?> schema) {
        return "object".equals(typeOf(schema));
    }

    private static String deep(int levels) {
        return "{\"a\":".repeat(levels) + "1" + "}".repeat(levels);
    }

    private static String abbreviate(String value) {
        return value.length() > 20 ? value.substring(0, 8) + "…(" + value.length() + " chars)" : value;
    }
}
