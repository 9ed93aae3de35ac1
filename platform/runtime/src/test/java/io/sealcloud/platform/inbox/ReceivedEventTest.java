package io.sealcloud.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealcloud.contracts.accounts.WorkspaceReadyV1;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ReceivedEventTest {

    private static final byte[] READY = ("{\"workspaceId\":\"w1\",\"namespace\":\"ns-w1\",\"observedGeneration\":3,"
                    + "\"readyAt\":\"2026-11-25T09:30:02Z\",\"addedInALaterMinorVersion\":true}")
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void parsesTheAttributesAndBindsDataIgnoringUnknownFields() {
        ReceivedEvent event = ReceivedEvent.from(headers(), READY);

        assertThat(event.id()).isEqualTo("e-1");
        assertThat(event.type()).isEqualTo("io.sealcloud.accounts.workspace.ready.v1");
        assertThat(event.source()).isEqualTo("/sealcloud/accounts");
        assertThat(event.subject()).isEqualTo("w1");
        assertThat(event.time()).isEqualTo(Instant.parse("2026-11-25T09:30:02.5Z"));
        assertThat(event.dataAs(WorkspaceReadyV1.class))
                .isEqualTo(new WorkspaceReadyV1("w1", "ns-w1", 3, Instant.parse("2026-11-25T09:30:02Z")));
    }

    @Test
    void acceptsAnEventWithoutOptionalAttributes() {
        Headers headers = headers();
        headers.remove("ce_subject");
        headers.remove("ce_time");
        headers.remove("ce_dataschema");
        headers.remove("content-type");

        ReceivedEvent event = ReceivedEvent.from(headers, READY);

        assertThat(event.subject()).isNull();
        assertThat(event.time()).isNull();
        assertThat(event.dataschema()).isNull();
    }

    @Test
    void rejectsARecordWithoutType() {
        Headers headers = headers();
        headers.remove("ce_type");

        assertThatThrownBy(() -> ReceivedEvent.from(headers, READY))
                .isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("ce_type");
    }

    @Test
    void rejectsARecordWithoutId() {
        Headers headers = headers();
        headers.remove("ce_id");

        assertThatThrownBy(() -> ReceivedEvent.from(headers, READY))
                .isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("ce_id");
    }

    @Test
    void rejectsAnotherSpecVersion() {
        Headers headers = headers();
        headers.remove("ce_specversion");
        headers.add("ce_specversion", bytes("0.3"));

        assertThatThrownBy(() -> ReceivedEvent.from(headers, READY))
                .isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("0.3");
    }

    @Test
    void rejectsDataThatIsNotJson() {
        assertThatThrownBy(() -> ReceivedEvent.from(headers(), bytes("{\"workspaceId\": ")))
                .isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ReceivedEvent.from(headers(), bytes("{} trailing")))
                .isInstanceOf(PoisonEventException.class);
        assertThatThrownBy(() -> ReceivedEvent.from(headers(), new byte[0]))
                .isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void rejectsANonJsonContentType() {
        Headers headers = headers();
        headers.remove("content-type");
        headers.add("content-type", bytes("application/avro"));

        assertThatThrownBy(() -> ReceivedEvent.from(headers, READY))
                .isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("application/avro");
    }

    @Test
    void rejectsATimeThatIsNotRfc3339() {
        Headers headers = headers();
        headers.remove("ce_time");
        headers.add("ce_time", bytes("yesterday"));

        assertThatThrownBy(() -> ReceivedEvent.from(headers, READY))
                .isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("yesterday");
    }

    @Test
    void reportsDataThatDoesNotBindAsPoison() {
        ReceivedEvent event = ReceivedEvent.from(headers(), bytes("{\"observedGeneration\":\"not a number\"}"));

        assertThatThrownBy(() -> event.dataAs(WorkspaceReadyV1.class))
                .isInstanceOf(PoisonEventException.class)
                .hasMessageContaining(WorkspaceReadyV1.class.getName());
    }

    private static Headers headers() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes("e-1"));
        headers.add("ce_source", bytes("/sealcloud/accounts"));
        headers.add("ce_type", bytes("io.sealcloud.accounts.workspace.ready.v1"));
        headers.add("ce_subject", bytes("w1"));
        headers.add("ce_time", bytes("2026-11-25T11:30:02.5+02:00"));
        headers.add("ce_dataschema", bytes("https://sealcloud.io/contracts/schemas/accounts/workspace.ready.v1.json"));
        headers.add("content-type", bytes("application/json; charset=utf-8"));
        return headers;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
