package io.sealcloud.contracts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.util.List;

/** The validator and the JSON mapper the conformance tests share. */
final class SchemaSupport {

    /**
     * Configured like Quarkus' default ObjectMapper, which the outbox serializes with: java.time as ISO-8601 strings,
     * unknown properties ignored (so additive fields do not break older consumers).
     */
    static final JsonMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * Draft 2020-12 with {@code format} asserted (the draft only annotates by default, so a malformed date-time would
     * pass) and every schema {@code $id} under {@link EventType#SCHEMA_BASE} loaded from the classpath, never fetched.
     */
    static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .formatAssertionsEnabled(true)
                            .build())
                    .schemaIdResolvers(ids -> ids.mapPrefix(EventType.SCHEMA_BASE, "classpath:schemas/")));

    private SchemaSupport() {}

    static Schema schemaOf(EventType<?> type) {
        return REGISTRY.getSchema(SchemaLocation.of(type.dataschema()));
    }

    static List<Error> validate(EventType<?> type, String json) {
        return schemaOf(type).validate(json, InputFormat.JSON);
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
