package io.sealcloud.contracts;

import static io.sealcloud.contracts.SchemaSupport.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The schema files themselves: each valid, each owned by an event type, shared fields defined alike. */
class SchemaFilesTest {

    static Stream<Path> schemaFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ContractCatalog.SCHEMAS_DIR)) {
            return files.filter(Files::isRegularFile).sorted().toList().stream();
        }
    }

    private static String relative(Path file) {
        return ContractCatalog.SCHEMAS_DIR.relativize(file).toString().replace('\\', '/');
    }

    @Test
    void findsTheSchemaFiles() throws IOException {
        assertThat(schemaFiles().map(SchemaFilesTest::relative)).contains("accounts/workspace.created.v1.json");
    }

    @Test
    void everySchemaFileBelongsToAnEventType() throws IOException {
        List<String> owned = ContractCatalog.eventTypes().stream()
                .map(type -> type.schemaResource().substring("schemas/".length()))
                .toList();

        assertThat(schemaFiles().map(SchemaFilesTest::relative))
                .as("schema files without an EventType (orphans)")
                .containsExactlyInAnyOrderElementsOf(owned);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaFiles")
    void schemaFileIsAValidDraft202012Schema(Path file) throws IOException {
        Schema metaSchema =
                SchemaSupport.REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

        assertThat(metaSchema.validate(Files.readString(file), InputFormat.JSON))
                .as(relative(file))
                .isEmpty();
    }

    @Test
    void metaSchemaCheckRejectsABrokenSchema() {
        Schema metaSchema =
                SchemaSupport.REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

        assertThat(metaSchema.validate("{\"type\": \"object\", \"required\": \"workspaceId\"}", InputFormat.JSON))
                .isNotEmpty();
    }

    @Test
    void aFieldNameMeansTheSameInEverySchema() throws IOException {
        // workspaceId, accountId, role, ... carry the same constraints wherever they appear, so a consumer can keep
        // one projection per id without per-event special cases. Descriptions may differ.
        Map<String, JsonNode> first = new HashMap<>();
        Map<String, String> firstFile = new HashMap<>();
        for (Path file : schemaFiles().toList()) {
            JsonNode properties = JSON.readTree(file.toFile()).path("properties");
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                ObjectNode constraints = property.getValue().deepCopy();
                constraints.remove("description");
                JsonNode earlier = first.putIfAbsent(property.getKey(), constraints);
                firstFile.putIfAbsent(property.getKey(), relative(file));
                if (earlier != null) {
                    assertThat(constraints)
                            .as("%s in %s vs %s", property.getKey(), relative(file), firstFile.get(property.getKey()))
                            .isEqualTo(earlier);
                }
            }
        }
        assertThat(first).containsKeys("workspaceId", "accountId");
    }
}
