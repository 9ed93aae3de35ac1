package io.sealcloud.contracts;

import java.util.Objects;

/**
 * One event type and version as it travels: the CloudEvents {@code type}, the Kafka topic, the JSON Schema that
 * describes its data (CloudEvents {@code dataschema}, equal to the schema's {@code $id}) and the record that carries
 * the data in Java.
 *
 * @param type CloudEvents type, {@code io.sealcloud.<service>.<event>.v<N>}
 * @param topic Kafka topic, {@code sealcloud.<service>.v1}
 * @param dataschema absolute URI of the JSON Schema; the schema file is {@link #schemaResource()} on the classpath
 * @param dataClass the record carrying the event data
 */
public record EventType<T>(String type, String topic, String dataschema, Class<T> dataClass) {

    /** Base of every schema's {@code $id}; the rest is the path under {@code schemas/} in this module. */
    public static final String SCHEMA_BASE = "https://sealcloud.io/contracts/schemas/";

    public EventType {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(dataschema, "dataschema");
        Objects.requireNonNull(dataClass, "dataClass");
        if (!dataschema.startsWith(SCHEMA_BASE)) {
            throw new IllegalArgumentException("dataschema must start with " + SCHEMA_BASE + ": " + dataschema);
        }
    }

    /** Creates a type whose schema lives at {@code schemas/<schemaPath>} in this module. */
    public static <T> EventType<T> of(String type, String topic, String schemaPath, Class<T> dataClass) {
        return new EventType<>(type, topic, SCHEMA_BASE + schemaPath, dataClass);
    }

    /** Classpath location of the JSON Schema, e.g. {@code schemas/accounts/workspace.created.v1.json}. */
    public String schemaResource() {
        return "schemas/" + dataschema.substring(SCHEMA_BASE.length());
    }
}
