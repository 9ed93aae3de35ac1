package io.sealcloud.contracts;

import static io.sealcloud.contracts.SchemaSupport.JSON;
import static io.sealcloud.contracts.SchemaSupport.toJson;
import static io.sealcloud.contracts.SchemaSupport.validate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every event type in every {@code *Events.ALL}: its name, schema, record and example agree. */
class EventContractsTest {

    private static final Pattern TYPE = Pattern.compile(
            "io\\.sealcloud\\.(?<service>[a-z][a-z0-9]*)\\.(?<event>[a-z][a-z0-9]*(?:[.-][a-z][a-z0-9]*)*)"
                    + "\\.v(?<version>[1-9][0-9]*)");

    static Stream<EventType<?>> eventTypes() {
        return ContractCatalog.eventTypes().stream();
    }

    @Test
    void findsEveryEventsClassAndTheirTypes() {
        assertThat(ContractCatalog.eventsClasses()).contains(io.sealcloud.contracts.accounts.AccountsEvents.class);
        assertThat(ContractCatalog.eventTypes())
                .containsAll(io.sealcloud.contracts.accounts.AccountsEvents.ALL)
                .doesNotHaveDuplicates();
        assertThat(ContractCatalog.eventTypes().stream().map(EventType::type)).doesNotHaveDuplicates();
        assertThat(ContractCatalog.eventTypes().stream().map(EventType::dataschema))
                .doesNotHaveDuplicates();
    }

    @Test
    void everyEventsClassListsEachOfItsConstantsInAll() {
        for (Class<?> events : ContractCatalog.eventsClasses()) {
            assertThat(ContractCatalog.declaredAll(events))
                    .as("%s.ALL", events.getSimpleName())
                    .containsExactlyInAnyOrderElementsOf(ContractCatalog.declaredConstants(events));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void typeNameMatchesTopicSchemaFileAndRecord(EventType<?> type) {
        Matcher name = TYPE.matcher(type.type());
        assertThat(name.matches())
                .as("%s matches io.sealcloud.<service>.<event>.v<N>", type.type())
                .isTrue();
        String service = name.group("service");
        String event = name.group("event");
        String version = name.group("version");

        assertThat(type.topic()).isEqualTo("sealcloud." + service + ".v1");
        assertThat(type.schemaResource()).isEqualTo("schemas/" + service + "/" + event + ".v" + version + ".json");
        assertThat(type.dataschema())
                .isEqualTo(EventType.SCHEMA_BASE + service + "/" + event + ".v" + version + ".json");
        assertThat(type.dataClass().getPackageName()).isEqualTo("io.sealcloud.contracts." + service);
        assertThat(type.dataClass().getSimpleName()).isEqualTo(pascalCase(event) + "V" + version);
        assertThat(type.dataClass().isRecord())
                .as("%s is a record", type.dataClass())
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void schemaIdEqualsDataschemaAndTitleEqualsType(EventType<?> type) {
        JsonNode schema = schemaJson(type);
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asText()).isEqualTo(type.dataschema());
        assertThat(schema.path("title").asText()).isEqualTo(type.type());
        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(schema.path("description").asText()).isNotBlank();
        // Additive evolution within a version: a consumer on an older copy of the schema must accept new fields.
        assertThat(schema.path("additionalProperties").isBoolean()
                        && schema.path("additionalProperties").asBoolean())
                .as("additionalProperties: true")
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void schemaPropertiesAreExactlyTheRecordComponentsWithMatchingTypes(EventType<?> type) {
        JsonNode properties = schemaJson(type).path("properties");
        List<String> components = Arrays.stream(type.dataClass().getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
        assertThat(fieldNames(properties)).containsExactlyInAnyOrderElementsOf(components);
        assertThat(texts(schemaJson(type).path("required"))).isSubsetOf(components);

        for (RecordComponent component : type.dataClass().getRecordComponents()) {
            JsonNode property = properties.path(component.getName());
            assertThat(property.path("description").asText())
                    .as("%s.description", component.getName())
                    .isNotBlank();
            assertThat(nonNullType(property))
                    .as("JSON type of %s (%s)", component.getName(), component.getType())
                    .isEqualTo(jsonType(component.getType()));
            if (component.getType().isPrimitive()) {
                assertThat(nullable(property))
                        .as("%s is primitive, never null", component.getName())
                        .isFalse();
            }
            if (component.getType().isRecord()) {
                // A nested object follows the same rules as the event: exactly its components, described.
                List<String> nested = Arrays.stream(component.getType().getRecordComponents())
                        .map(RecordComponent::getName)
                        .toList();
                assertThat(fieldNames(property.path("properties")))
                        .as("properties of %s", component.getName())
                        .containsExactlyInAnyOrderElementsOf(nested);
                for (RecordComponent inner : component.getType().getRecordComponents()) {
                    JsonNode innerProperty = property.path("properties").path(inner.getName());
                    assertThat(innerProperty.path("description").asText()).isNotBlank();
                    assertThat(nonNullType(innerProperty)).isEqualTo(jsonType(inner.getType()));
                }
            }
            if (component.getType() == Instant.class) {
                assertThat(property.path("format").asText()).isEqualTo("date-time");
            }
            if (component.getName().endsWith("Micros")) {
                // Money is an integer count of micro-units, never a float.
                assertThat(component.getType()).isEqualTo(long.class);
            }
            if (component.getType() == long.class || component.getType() == int.class) {
                // Primitives are never null, so the schema must require them.
                assertThat(texts(schemaJson(type).path("required"))).contains(component.getName());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void exampleValidatesAgainstItsSchema(EventType<?> type) {
        String json = toJson(ContractCatalog.example(type));

        assertThat(validate(type, json)).as(json).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void exampleWritesInstantsAsIsoStringsAndRoundTrips(EventType<?> type) throws IOException {
        Object example = ContractCatalog.example(type);
        JsonNode json = JSON.valueToTree(example);

        for (RecordComponent component : type.dataClass().getRecordComponents()) {
            if (component.getType() == Instant.class) {
                assertThat(json.path(component.getName()).isTextual()).isTrue();
                assertThat(Instant.parse(json.path(component.getName()).asText()))
                        .isEqualTo(read(component, example));
            }
        }
        assertThat(JSON.readValue(toJson(example), type.dataClass())).isEqualTo(example);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void exampleWithAnAddedFieldStillValidatesAndReads(EventType<?> type) throws IOException {
        Object example = ContractCatalog.example(type);
        ObjectNode json = JSON.valueToTree(example);
        json.put("addedInALaterRelease", "an additive optional field");

        assertThat(validate(type, json.toString())).isEmpty();
        assertThat(JSON.readValue(json.toString(), type.dataClass())).isEqualTo(example);
    }

    static Stream<Arguments> requiredFields() {
        return eventTypes()
                .flatMap(type ->
                        texts(schemaJson(type).path("required")).stream().map(field -> Arguments.of(type, field)));
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("requiredFields")
    void rejectsExampleWithARequiredFieldRemoved(EventType<?> type, String field) {
        ObjectNode json = JSON.valueToTree(ContractCatalog.example(type));
        assertThat(json.has(field)).isTrue();
        json.remove(field);

        List<Error> errors = validate(type, json.toString());

        assertThat(errors).isNotEmpty();
        assertThat(errors).anySatisfy(error -> {
            assertThat(error.getKeyword()).isEqualTo("required");
            assertThat(error.getProperty()).isEqualTo(field);
        });
    }

    static Stream<Arguments> constrainedFields() {
        List<Arguments> cases = new ArrayList<>();
        for (EventType<?> type : ContractCatalog.eventTypes()) {
            schemaJson(type).path("properties").properties().forEach(property -> {
                JsonNode constraints = property.getValue();
                String field = property.getKey();
                if (constraints.has("format")) {
                    cases.add(Arguments.of(type, field, "format", "25.11.2026 09:30"));
                }
                if (constraints.has("pattern")) {
                    cases.add(Arguments.of(type, field, "pattern", "Not Valid"));
                }
                if (constraints.has("enum")) {
                    cases.add(Arguments.of(type, field, "enum", "no-such-value"));
                }
                if (constraints.has("minimum")) {
                    cases.add(Arguments.of(
                            type, field, "minimum", constraints.get("minimum").asLong() - 1));
                }
                if (constraints.has("minLength")) {
                    cases.add(Arguments.of(type, field, "minLength", ""));
                }
                if ("integer".equals(constraints.path("type").asText())) {
                    cases.add(Arguments.of(type, field, "type", 12.5));
                }
            });
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} rejects {1} breaking {2}")
    @MethodSource("constrainedFields")
    void rejectsExampleWithAValueBreakingAConstraint(EventType<?> type, String field, String keyword, Object bad) {
        ObjectNode json = JSON.valueToTree(ContractCatalog.example(type));
        json.set(field, JSON.valueToTree(bad));

        List<Error> errors = validate(type, json.toString());

        assertThat(errors).extracting(Error::getKeyword).contains(keyword);
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode schemaJson(EventType<?> type) {
        try (InputStream in = EventType.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
            assertThat(in).as("classpath resource %s", type.schemaResource()).isNotNull();
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> fieldNames(JsonNode object) {
        return object.properties().stream().map(e -> e.getKey()).collect(Collectors.toSet());
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    /** The property's type: {@code "string"}, or the non-null member of {@code ["string", "null"]}. */
    private static String nonNullType(JsonNode property) {
        JsonNode type = property.path("type");
        if (!type.isArray()) {
            return type.asText();
        }
        List<String> types = texts(type).stream().filter(t -> !t.equals("null")).toList();
        assertThat(types).as("a type array is one type plus null").hasSize(1);
        return types.get(0);
    }

    private static boolean nullable(JsonNode property) {
        return property.path("type").isArray() && texts(property.path("type")).contains("null");
    }

    private static String jsonType(Class<?> javaType) {
        if (javaType.isRecord()) {
            return "object";
        }
        if (javaType == String.class || javaType == Instant.class) {
            return "string";
        }
        if (javaType == long.class || javaType == int.class || javaType == Long.class || javaType == Integer.class) {
            return "integer";
        }
        if (javaType == boolean.class || javaType == Boolean.class) {
            return "boolean";
        }
        if (List.class.isAssignableFrom(javaType)) {
            return "array";
        }
        throw new AssertionError("no JSON type mapping for " + javaType + ": add one here and to the docs");
    }

    private static String pascalCase(String event) {
        return Arrays.stream(event.split("[.-]"))
                .map(word -> word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1))
                .collect(Collectors.joining());
    }
}
