package io.sealcloud.devstack.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Saves the simulated cluster's objects to a file and loads them back, so a restart of the local platform keeps
 * its Workspaces and namespaces as PostgreSQL keeps the rows that describe them. Objects keep their uid,
 * resourceVersion and status (a real API server's restart does not change them either).
 */
final class ClusterSnapshot {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private String lastWritten = "";

    ClusterSnapshot(Path file) {
        this.file = file;
    }

    /** Writes the current objects if they changed since the last write; returns whether it wrote. */
    synchronized boolean save(KubernetesCrudDispatcher crud, ApiCatalog catalog) {
        ArrayNode entries = JSON.createArrayNode();
        List<Map.Entry<AttributeSet, String>> stored =
                new ArrayList<>(crud.getMap().entrySet());
        for (Map.Entry<AttributeSet, String> entry : stored) {
            JsonNode object = read(entry.getValue());
            collectionPath(entry.getKey(), object, catalog)
                    .ifPresent(path -> entries.addObject().put("path", path).set("object", object));
        }
        String text = entries.toPrettyString();
        if (text.equals(lastWritten)) {
            return false;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            lastWritten = text;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** Loads a saved snapshot into {@code crud} (CRDs first, so their kinds are known); returns the object count. */
    int restore(KubernetesCrudDispatcher crud) {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        JsonNode entries;
        try {
            entries = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        List<JsonNode> ordered = new ArrayList<>();
        entries.forEach(ordered::add);
        ordered.sort(
                Comparator.comparing((JsonNode e) -> !e.path("path").asText().equals(SimulatedApiDispatcher.CRD_PATH)));
        long maxVersion = 0;
        for (JsonNode entry : ordered) {
            String path = entry.path("path").asText();
            JsonNode object = entry.path("object");
            String json = object.toString();
            GenericKubernetesResource resource = Serialization.unmarshal(json, GenericKubernetesResource.class);
            AttributeSet key = crud.getKey(path)
                    .add(new Attribute(
                            KubernetesAttributesExtractor.NAME,
                            resource.getMetadata().getName()));
            crud.processEvent(path, key, null, resource, json);
            maxVersion =
                    Math.max(maxVersion, parseVersion(resource.getMetadata().getResourceVersion()));
        }
        // New writes must get resourceVersions above every restored one, or watchers would see time run back.
        while (crud.requestResourceVersion() < maxVersion) {
            // advance the counter
        }
        lastWritten = entries.toPrettyString();
        return ordered.size();
    }

    private static Optional<String> collectionPath(AttributeSet key, JsonNode object, ApiCatalog catalog) {
        String namespace = object.path("metadata").path("namespace").asText("");
        Optional<String> byKind = catalog.find(
                        object.path("apiVersion").asText(), object.path("kind").asText())
                .map(resource -> resource.collectionPath(namespace));
        if (byKind.isPresent()) {
            return byKind;
        }
        // A kind the catalog does not know (its CRD was never stored): rebuild the path from the mock's own key.
        String plural = SimulatedApiDispatcher.value(key, KubernetesAttributesExtractor.PLURAL);
        String apiVersion = object.path("apiVersion").asText("");
        if (plural == null || apiVersion.isEmpty()) {
            return Optional.empty();
        }
        String base = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
        return Optional.of(
                namespace.isEmpty() ? base + "/" + plural : base + "/namespaces/" + namespace + "/" + plural);
    }

    private static long parseVersion(String version) {
        try {
            return version == null ? 0 : Long.parseLong(version);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
