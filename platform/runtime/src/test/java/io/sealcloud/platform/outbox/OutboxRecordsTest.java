package io.sealcloud.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealcloud.contracts.accounts.AccountsEvents;
import io.sealcloud.contracts.accounts.WorkspaceCreatedV1;
import io.sealcloud.contracts.accounts.WorkspaceReadyV1;
import io.sealcloud.platform.events.EventJson;
import io.sealcloud.platform.inbox.ReceivedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class OutboxRecordsTest {

    private static final Instant OCCURRED = Instant.parse("2026-11-25T09:30:00.123456Z");

    @Test
    void mapsARowToABinaryModeCloudEventThatAConsumerParsesBack() {
        WorkspaceCreatedV1 data = WorkspaceCreatedV1.example();
        Outbox.OutboxRow row =
                Outbox.OutboxRow.of(AccountsEvents.WORKSPACE_CREATED, data.workspaceId(), data.workspaceId(), data);
        PendingEvent pending = new PendingEvent(
                7,
                row.eventId(),
                row.type(),
                row.topic(),
                row.kafkaKey(),
                row.subject(),
                row.dataschema(),
                row.payload(),
                OCCURRED);

        ProducerRecord<String, byte[]> record = OutboxRecords.toRecord(pending, "/sealcloud/accounts");

        assertThat(record.topic()).isEqualTo(AccountsEvents.TOPIC);
        assertThat(record.key()).isEqualTo(data.workspaceId());
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_time")).isEqualTo("2026-11-25T09:30:00.123456Z");
        assertThat(header(record, "content-type")).isEqualTo("application/json");
        ReceivedEvent received = ReceivedEvent.from(record.headers(), record.value());
        assertThat(received.id()).isEqualTo(row.eventId().toString());
        assertThat(received.type()).isEqualTo(AccountsEvents.WORKSPACE_CREATED.type());
        assertThat(received.source()).isEqualTo("/sealcloud/accounts");
        assertThat(received.subject()).isEqualTo(data.workspaceId());
        assertThat(received.time()).isEqualTo(OCCURRED);
        assertThat(received.dataschema()).isEqualTo(AccountsEvents.WORKSPACE_CREATED.dataschema());
        assertThat(received.dataAs(WorkspaceCreatedV1.class)).isEqualTo(data);
    }

    @Test
    void writesInstantsAsIsoStringsAndFieldsByComponentName() {
        String json = EventJson.write(WorkspaceCreatedV1.example());

        assertThat(EventJson.read(json.getBytes(StandardCharsets.UTF_8))
                        .get("createdAt")
                        .asText())
                .isEqualTo(WorkspaceCreatedV1.example().createdAt().toString());
        assertThat(json).contains("\"displayName\"");
    }

    @Test
    void givesEveryAppendItsOwnEventId() {
        WorkspaceReadyV1 data = WorkspaceReadyV1.example();

        UUID first = Outbox.OutboxRow.of(AccountsEvents.WORKSPACE_READY, "w", "w", data)
                .eventId();
        UUID second = Outbox.OutboxRow.of(AccountsEvents.WORKSPACE_READY, "w", "w", data)
                .eventId();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void rejectsDataOfAnotherEventType() {
        WorkspaceReadyV1 wrong = WorkspaceReadyV1.example();

        assertThatThrownBy(() -> Outbox.OutboxRow.of(castUnchecked(AccountsEvents.WORKSPACE_CREATED), "w", "w", wrong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(WorkspaceCreatedV1.class.getName());
    }

    @Test
    void rejectsABlankSubject() {
        assertThatThrownBy(
                        () -> Outbox.OutboxRow.of(AccountsEvents.WORKSPACE_READY, "w", "", WorkspaceReadyV1.example()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subject");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static io.sealcloud.contracts.EventType<Object> castUnchecked(io.sealcloud.contracts.EventType type) {
        return type;
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
