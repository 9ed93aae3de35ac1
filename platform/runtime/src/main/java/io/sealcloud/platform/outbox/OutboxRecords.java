package io.sealcloud.platform.outbox;

import io.sealcloud.platform.events.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/** Maps an outbox row to a Kafka record in CloudEvents 1.0 binary content mode. */
final class OutboxRecords {

    private OutboxRecords() {}

    static ProducerRecord<String, byte[]> toRecord(PendingEvent event, String source) {
        List<Header> headers = List.of(
                header(CloudEventHeaders.SPECVERSION, CloudEventHeaders.SPEC_VERSION_1_0),
                header(CloudEventHeaders.ID, event.eventId().toString()),
                header(CloudEventHeaders.SOURCE, source),
                header(CloudEventHeaders.TYPE, event.type()),
                header(CloudEventHeaders.SUBJECT, event.subject()),
                // ISO_INSTANT always prints UTC with a 'Z': a valid RFC 3339 timestamp.
                header(CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(event.occurredAt())),
                header(CloudEventHeaders.DATASCHEMA, event.dataschema()),
                header(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.APPLICATION_JSON));
        return new ProducerRecord<>(
                event.topic(), null, event.kafkaKey(), event.payload().getBytes(StandardCharsets.UTF_8), headers);
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
