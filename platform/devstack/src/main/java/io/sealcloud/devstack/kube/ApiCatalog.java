package io.sealcloud.devstack.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The API resources the simulated server announces: the built-in kinds plus the custom resources of the CRDs it
 * stores. Renders the discovery documents ({@code /api}, {@code /apis}, {@code /apis/<g>/<v>}) kubectl reads.
 */
public final class ApiCatalog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    /** One kind as discovery describes it. */
    public record Resource(
            String group,
            String version,
            String plural,
            String kind,
            boolean namespaced,
            List<String> shortNames,
            List<String> categories,
            boolean statusSubresource,
            boolean preferred) {

        public String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }

        /** The URL path of the resource's collection, cluster-wide or in {@code namespace}. */
        public String collectionPath(String namespace) {
            String base = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
            return namespaced && namespace != null && !namespace.isEmpty()
                    ? base + "/namespaces/" + namespace + "/" + plural
                    : base + "/" + plural;
        }
    }

    private final List<Resource> resources;

    private ApiCatalog(List<Resource> resources) {
        this.resources = List.copyOf(resources);
    }

    /** The built-in kinds (from {@code builtin-api-resources.json}). */
    public static ApiCatalog builtin() {
        try (InputStream in = ApiCatalog.class.getResourceAsStream("builtin-api-resources.json")) {
            JsonNode root = JSON.readTree(in);
            List<Resource> resources = new ArrayList<>();
            for (JsonNode group : root.path("groups")) {
                for (JsonNode r : group.path("resources")) {
                    resources.add(new Resource(
                            group.path("group").asText(),
                            group.path("version").asText(),
                            r.path("name").asText(),
                            r.path("kind").asText(),
                            r.path("namespaced").asBoolean(),
                            strings(r.path("shortNames")),
                            strings(r.path("categories")),
                            false,
                            true));
                }
            }
            return new ApiCatalog(resources);
        } catch (IOException e) {
            throw new UncheckedIOException("builtin-api-resources.json unreadable", e);
        }
    }

    /** This catalog plus the served versions of the given CustomResourceDefinitions (JSON documents). */
    public ApiCatalog withCustomResources(Collection<JsonNode> crds) {
        List<Resource> all = new ArrayList<>(resources);
        for (JsonNode crd : crds) {
            JsonNode spec = crd.path("spec");
            JsonNode names = spec.path("names");
            for (JsonNode version : spec.path("versions")) {
                if (!version.path("served").asBoolean(true)) {
                    continue;
                }
                all.add(new Resource(
                        spec.path("group").asText(),
                        version.path("name").asText(),
                        names.path("plural").asText(),
                        names.path("kind").asText(),
                        !"Cluster".equals(spec.path("scope").asText()),
                        strings(names.path("shortNames")),
                        strings(names.path("categories")),
                        version.path("subresources").has("status"),
                        version.path("storage").asBoolean(false)));
            }
        }
        return new ApiCatalog(all);
    }

    public List<Resource> resources() {
        return resources;
    }

    /** The resource for an object's {@code apiVersion} and {@code kind}. */
    public Optional<Resource> find(String apiVersion, String kind) {
        return resources.stream()
                .filter(r -> r.groupVersion().equals(apiVersion) && r.kind().equals(kind))
                .findFirst();
    }

    /** {@code GET /api}: the legacy core group's versions. */
    public ObjectNode apiVersions(String serverAddress) {
        ObjectNode node = JSON.createObjectNode().put("kind", "APIVersions");
        node.putArray("versions").add("v1");
        node.putArray("serverAddressByClientCIDRs")
                .addObject()
                .put("clientCIDR", "0.0.0.0/0")
                .put("serverAddress", serverAddress);
        return node;
    }

    /** {@code GET /apis}: every named group with its versions. */
    public ObjectNode apiGroupList() {
        ObjectNode node = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groups = node.putArray("groups");
        groupVersions().forEach((group, versions) -> {
            if (!group.isEmpty()) {
                groups.add(groupNode(group, versions));
            }
        });
        return node;
    }

    /** {@code GET /apis/<group>}. */
    public Optional<ObjectNode> apiGroup(String group) {
        Set<String> versions = groupVersions().get(group);
        if (versions == null || group.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode node = groupNode(group, versions);
        node.put("kind", "APIGroup").put("apiVersion", "v1");
        return Optional.of(node);
    }

    /** {@code GET /api/v1} ({@code group} empty) or {@code GET /apis/<group>/<version>}. */
    public Optional<ObjectNode> apiResourceList(String group, String version) {
        List<Resource> matching = resources.stream()
                .filter(r -> r.group().equals(group) && r.version().equals(version))
                .toList();
        if (matching.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode node = JSON.createObjectNode()
                .put("kind", "APIResourceList")
                .put("apiVersion", "v1")
                .put("groupVersion", matching.get(0).groupVersion());
        ArrayNode list = node.putArray("resources");
        for (Resource r : matching) {
            ObjectNode entry = list.addObject()
                    .put("name", r.plural())
                    .put("singularName", r.kind().toLowerCase(Locale.ROOT))
                    .put("namespaced", r.namespaced())
                    .put("kind", r.kind());
            VERBS.forEach(entry.putArray("verbs")::add);
            if (!r.shortNames().isEmpty()) {
                r.shortNames().forEach(entry.putArray("shortNames")::add);
            }
            if (!r.categories().isEmpty()) {
                r.categories().forEach(entry.putArray("categories")::add);
            }
            if (r.statusSubresource()) {
                ObjectNode status = list.addObject()
                        .put("name", r.plural() + "/status")
                        .put("singularName", "")
                        .put("namespaced", r.namespaced())
                        .put("kind", r.kind());
                List.of("get", "patch", "update").forEach(status.putArray("verbs")::add);
            }
        }
        return Optional.of(node);
    }

    private Map<String, Set<String>> groupVersions() {
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        for (Resource r : resources) {
            groups.computeIfAbsent(r.group(), g -> new LinkedHashSet<>()).add(r.version());
        }
        return groups;
    }

    private ObjectNode groupNode(String group, Set<String> versions) {
        ObjectNode node = JSON.createObjectNode().put("name", group);
        ArrayNode list = node.putArray("versions");
        versions.forEach(
                v -> list.addObject().put("groupVersion", group + "/" + v).put("version", v));
        String preferred = resources.stream()
                .filter(r -> r.group().equals(group) && r.preferred())
                .map(Resource::version)
                .findFirst()
                .orElse(versions.iterator().next());
        node.putObject("preferredVersion")
                .put("groupVersion", group + "/" + preferred)
                .put("version", preferred);
        return node;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
