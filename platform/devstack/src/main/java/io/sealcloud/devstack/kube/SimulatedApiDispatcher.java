package io.sealcloud.devstack.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonDiff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Serves what the fabric8 CRUD dispatcher does not (discovery, version, health, strategic merge patch, NotFound
 * status bodies) and hands everything else to it. The mock answers discovery with a List when kubectl adds
 * {@code ?timeout=}, so discovery is answered here, before delegating.
 */
final class SimulatedApiDispatcher extends Dispatcher {

    static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STRATEGIC_MERGE = "application/strategic-merge-patch+json";

    private final KubernetesCrudDispatcher crud;
    private final ApiCatalog builtin;
    private final Supplier<String> serverAddress;
    private volatile boolean ready;

    SimulatedApiDispatcher(KubernetesCrudDispatcher crud, ApiCatalog builtin, Supplier<String> serverAddress) {
        this.crud = crud;
        this.builtin = builtin;
        this.serverAddress = serverAddress;
    }

    /** From now on {@code /readyz} answers 200: CRDs and default namespaces are in place. */
    void markReady() {
        ready = true;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        String bare = stripQuery(path);
        if ("GET".equals(request.getMethod())) {
            Optional<MockResponse> own = serveOwn(bare);
            if (own.isPresent()) {
                return own.get();
            }
        }
        if (!"GET".equals(request.getMethod()) && !bare.equals(path) && !path.contains("dryRun")) {
            // The mock matches write paths literally: ".../status?fieldManager=kubectl-patch" would not be taken for
            // the status subresource. Options such as fieldManager mean nothing to it anyway.
            request = withPath(request, bare, request.getHeaders(), request.getBody());
        }
        if ("PATCH".equals(request.getMethod()) && isStrategicMerge(request)) {
            return finish(path, strategicMerge(request));
        }
        return finish(path, crud.dispatch(request));
    }

    private static RecordedRequest withPath(RecordedRequest request, String path, Headers headers, Buffer body) {
        return new RecordedRequest(request.getHttpVersion(), request.method(), path, headers, body);
    }

    /** The catalog as of now: built-in kinds plus the CRDs stored in the server. */
    ApiCatalog catalog() {
        List<JsonNode> crds = crud.getMap().entrySet().stream()
                .filter(entry ->
                        "customresourcedefinitions".equals(value(entry.getKey(), KubernetesAttributesExtractor.PLURAL)))
                .map(entry -> read(entry.getValue()))
                .toList();
        return builtin.withCustomResources(crds);
    }

    private Optional<MockResponse> serveOwn(String path) {
        switch (path) {
            case "/version":
                return json(200, version());
            case "/readyz":
            case "/livez":
            case "/healthz":
                return Optional.of(new MockResponse()
                        .setResponseCode(ready || !"/readyz".equals(path) ? 200 : 503)
                        .setHeader("Content-Type", "text/plain")
                        .setBody(ready || !"/readyz".equals(path) ? "ok" : "starting"));
            case "/api":
                return json(200, catalog().apiVersions(serverAddress.get()));
            case "/apis":
                return json(200, catalog().apiGroupList());
            case "/openapi/v2":
            case "/openapi/v3":
                // kubectl falls back without schemas (apply --validate=false, get, describe).
                return Optional.of(status(404, "NotFound", "the simulated API server serves no OpenAPI schemas"));
            default:
                break;
        }
        String[] segments = path.substring(1).split("/");
        // /api/<v>, /apis/<g> and /apis/<g>/<v> are never object paths: an unknown one is a missing API, as on a
        // real server, not the empty List the mock would answer.
        if (segments.length == 2 && "api".equals(segments[0])) {
            return Optional.of(catalog()
                    .apiResourceList("", segments[1])
                    .flatMap(node -> json(200, node))
                    .orElseGet(() -> status(404, "NotFound", "the server could not find the requested resource")));
        }
        if ("apis".equals(segments[0]) && segments.length == 2) {
            return Optional.of(catalog()
                    .apiGroup(segments[1])
                    .flatMap(node -> json(200, node))
                    .orElseGet(() -> status(404, "NotFound", "the server could not find the requested resource")));
        }
        if ("apis".equals(segments[0]) && segments.length == 3) {
            return Optional.of(catalog()
                    .apiResourceList(segments[1], segments[2])
                    .flatMap(node -> json(200, node))
                    .orElseGet(() -> status(404, "NotFound", "the server could not find the requested resource")));
        }
        return Optional.empty();
    }

    private MockResponse strategicMerge(RecordedRequest request) {
        String path = request.getPath();
        String collectionOrItem = stripQuery(path);
        boolean statusPath = collectionOrItem.endsWith("/status");
        String itemPath = statusPath
                ? collectionOrItem.substring(0, collectionOrItem.length() - "/status".length())
                : collectionOrItem;
        AttributeSet key = crud.getKey(itemPath);
        Map.Entry<AttributeSet, String> current = crud.findResource(key);
        if (current == null) {
            return status(404, "NotFound", "not found: " + itemPath);
        }
        JsonNode original = read(current.getValue());
        JsonNode patch;
        try {
            patch = read(request.getUtf8Body());
        } catch (IllegalArgumentException e) {
            return status(400, "BadRequest", "the patch is not JSON: " + e.getMessage());
        }
        JsonNode merged = StrategicMergePatch.apply(original, patch);
        // The CRUD dispatcher applies RFC 6902 patches exactly (it keeps status and metadata rules): translate.
        JsonNode jsonPatch = JsonDiff.asJson(original, merged);
        RecordedRequest translated = withPath(
                request,
                path,
                request.getHeaders()
                        .newBuilder()
                        .set("Content-Type", "application/json-patch+json")
                        .build(),
                new Buffer(jsonPatch.toString().getBytes(StandardCharsets.UTF_8)));
        return crud.dispatch(translated);
    }

    private static MockResponse finish(String path, MockResponse response) {
        if (response.getWebSocketListener() != null) {
            return response;
        }
        if (response.code() == 404
                && (response.getBody() == null || response.getBody().size() == 0)) {
            String[] segments = stripQuery(path).split("/");
            String name = segments[segments.length - 1];
            String kind = segments.length > 1 ? segments[segments.length - 2] : "";
            return status(404, "NotFound", kind + " \"" + name + "\" not found");
        }
        if (response.header("Content-Type") == null) {
            response.setHeader("Content-Type", "application/json");
        }
        return response;
    }

    private static boolean isStrategicMerge(RecordedRequest request) {
        String type = request.getHeader("Content-Type");
        return type != null && type.startsWith(STRATEGIC_MERGE);
    }

    private static ObjectNode version() {
        return JSON.createObjectNode()
                .put("major", "1")
                .put("minor", "33")
                .put("gitVersion", "v1.33.0-sealcloud-simulated")
                .put("gitCommit", "")
                .put("gitTreeState", "clean")
                .put("buildDate", "2025-01-01T00:00:00Z")
                .put("goVersion", "n/a (fabric8 mock server)")
                .put("compiler", "n/a")
                .put("platform", "simulated/fabric8-mock");
    }

    static MockResponse status(int code, String reason, String message) {
        ObjectNode body = JSON.createObjectNode()
                .put("kind", "Status")
                .put("apiVersion", "v1")
                .put("status", "Failure")
                .put("message", message)
                .put("reason", reason)
                .put("code", code);
        body.putObject("metadata");
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(body.toString());
    }

    private static Optional<MockResponse> json(int code, JsonNode body) {
        return Optional.of(new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(body.toString()));
    }

    static String stripQuery(String path) {
        int query = path.indexOf('?');
        String bare = query < 0 ? path : path.substring(0, query);
        return bare.length() > 1 && bare.endsWith("/") ? bare.substring(0, bare.length() - 1) : bare;
    }

    static String value(AttributeSet attributes, String key) {
        var attribute = attributes.getAttribute(key);
        return attribute == null || attribute.getValues().isEmpty()
                ? null
                : attribute.getValues().get(0).toString();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not JSON: " + e.getMessage(), e);
        }
    }
}
