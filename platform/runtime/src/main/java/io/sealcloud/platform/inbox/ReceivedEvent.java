package io.sealcloud.platform.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.sealcloud.platform.events.CloudEventHeaders;
import io.sealcloud.platform.events.EventJson;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * A CloudEvent as a consumer receives it from Kafka in binary content mode: the attributes from the {@code ce_*}
 * headers, the data as JSON.
 *
 * @param id CloudEvents id, the inbox's deduplication key
 * @param type e.g. {@code io.sealcloud.accounts.workspace.created.v1}
 * @param source e.g. {@code /sealcloud/accounts}
 * @param subject the aggregate id, or null when the producer set none
 * @param time when the event occurred, or null when the producer set none
 * @param dataschema URI of the data's JSON Schema, or null when the producer set none
 * @param data the event data
 */
public record ReceivedEvent(
        String id, String type, String source, String subject, Instant time, String dataschema, JsonNode data) {

    public ReceivedEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(data, "data");
    }

    /** Binds the data to a contracts record; unknown fields are ignored (a version may gain optional ones). */
    public <T> T dataAs(Class<T> dataClass) {
        try {
            return EventJson.convert(data, dataClass);
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException("Event " + id + " (" + type + "): " + e.getMessage(), e);
        }
    }

    /** Parses a record consumed as {@code ConsumerRecord<String, byte[]>}; throws {@link PoisonEventException}. */
    public static ReceivedEvent from(ConsumerRecord<?, byte[]> record) {
        return from(record.headers(), record.value());
    }

    /**
     * Parses a SmallRye Kafka message whose payload is {@code byte[]}; throws {@link PoisonEventException}, or
     * {@link IllegalArgumentException} when the message did not come from Kafka.
     */
    public static ReceivedEvent from(Message<?> message) {
        IncomingKafkaRecordMetadata<?, ?> metadata = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("Not a Kafka message: no IncomingKafkaRecordMetadata"));
        if (message.getPayload() != null && !(message.getPayload() instanceof byte[])) {
            throw new IllegalArgumentException("Consume CloudEvents as byte[] (value.deserializer="
                    + "org.apache.kafka.common.serialization.ByteArrayDeserializer), not "
                    + message.getPayload().getClass().getName());
        }
        return from(metadata.getHeaders(), (byte[]) message.getPayload());
    }

    /** Parses headers and value of a binary-mode CloudEvent; throws {@link PoisonEventException}. */
    public static ReceivedEvent from(Headers headers, byte[] value) {
        String specversion = required(headers, CloudEventHeaders.SPECVERSION);
        if (!CloudEventHeaders.SPEC_VERSION_1_0.equals(specversion)) {
            throw new PoisonEventException("Unsupported CloudEvents specversion " + specversion + " (expected 1.0)");
        }
        String id = required(headers, CloudEventHeaders.ID);
        String type = required(headers, CloudEventHeaders.TYPE);
        String source = required(headers, CloudEventHeaders.SOURCE);
        String contentType = optional(headers, CloudEventHeaders.CONTENT_TYPE);
        if (contentType != null && !isJson(contentType)) {
            throw new PoisonEventException(
                    "Event " + id + " (" + type + ") has content-type " + contentType + "; only JSON data is accepted");
        }
        JsonNode data;
        try {
            data = EventJson.read(value);
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException("Event " + id + " (" + type + "): " + e.getMessage(), e);
        }
        return new ReceivedEvent(
                id,
                type,
                source,
                optional(headers, CloudEventHeaders.SUBJECT),
                time(headers, id),
                optional(headers, CloudEventHeaders.DATASCHEMA),
                data);
    }

    private static String required(Headers headers, String name) {
        String value = optional(headers, name);
        if (value == null || value.isBlank()) {
            throw new PoisonEventException("Not a CloudEvent in binary mode: header " + name + " is missing");
        }
        return value;
    }

    private static String optional(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Instant time(Headers headers, String id) {
        String time = optional(headers, CloudEventHeaders.TIME);
        if (time == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            throw new PoisonEventException("Event " + id + ": " + CloudEventHeaders.TIME + " is not RFC 3339: " + time);
        }
    }

    private static boolean isJson(String contentType) {
        // "application/json", "application/json; charset=utf-8", "application/vnd.x+json"
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }
}
