package io.sealcloud.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * The JSON mapping of event data, fixed by the contracts rather than by the application.
 *
 * <p>Deliberately not the application's CDI {@code ObjectMapper}: a service may customize that one for its REST API
 * (naming strategy, strict unknown-property checks) and would then silently change or break the event contract. Here
 * field names are the record component names, instants are ISO-8601 strings, and unknown fields are ignored on read
 * because a version may gain optional fields.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            // "{}garbage" is not JSON: a record with trailing bytes is poison, not an empty object.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private EventJson() {}

    /** The shared mapper; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Event data as JSON text. */
    public static String write(Object data) {
        try {
            return MAPPER.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "Event data of " + data.getClass().getName() + " is not JSON-mappable", e);
        }
    }

    /** Parses event data; throws {@link IllegalArgumentException} when it is missing or not JSON. */
    public static JsonNode read(byte[] json) {
        if (json == null || json.length == 0) {
            throw new IllegalArgumentException("Event data is missing");
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("Event data is missing");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event data is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Event data is not readable: " + e.getMessage(), e);
        }
    }

    /** Binds event data to a record. */
    public static <T> T convert(JsonNode data, Class<T> type) {
        try {
            return MAPPER.treeToValue(data, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "Event data does not map to " + type.getName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
