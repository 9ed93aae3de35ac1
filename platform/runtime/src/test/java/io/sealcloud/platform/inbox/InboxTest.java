package io.sealcloud.platform.inbox;

import static io.sealcloud.platform.events.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.quarkus.vertx.VertxContextSupport;
import io.sealcloud.platform.events.EventJson;
import io.sealcloud.platform.events.KafkaTestClient;
import io.sealcloud.platform.events.TestEvents;
import io.sealcloud.platform.events.TestEvents.Sequenced;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithPostgres;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKafka
@WithPostgres(database = "runtime")
@WithKubernetesTestServer
class InboxTest {

    private static final String TOPIC = TestEvents.INBOX.topic();
    private static final String DLQ = TOPIC + ".dlq";

    @Inject
    Inbox inbox;

    @Inject
    InboxPurge purge;

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry registry;

    @BeforeAll
    static void createTopics() {
        KafkaTestClient.createTopic(TOPIC, 3);
        KafkaTestClient.createTopic(DLQ, 1);
    }

    @Test
    void appliesARedeliveredEventOnce() throws SQLException {
        String workspace = "w-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        String sentinel = workspace + "/sentinel";
        double duplicatesBefore = duplicates();

        KafkaTestClient.send(List.of(
                event(workspace, eventId, workspace + "/once", 1),
                event(workspace, eventId, workspace + "/once", 1),
                // Same key, same partition, after both: once it is applied, both copies above were consumed.
                event(workspace, UUID.randomUUID().toString(), sentinel, 2)));

        await().until(() -> applied(sentinel) == 1);
        assertThat(applied(workspace + "/once")).isEqualTo(1);
        assertThat(duplicates()).isEqualTo(duplicatesBefore + 1);
    }

    @Test
    void movesPoisonRecordsToTheDeadLetterTopicAndConsumesTheRecordsAfterThem() throws SQLException {
        String workspace = "w-" + UUID.randomUUID();
        String sentinel = workspace + "/after-poison";
        ProducerRecord<String, byte[]> badJson = event(workspace, "bad-json-" + workspace, workspace + "/bad", 1);
        ProducerRecord<String, byte[]> noType = event(workspace, "no-type-" + workspace, workspace + "/no-type", 2);
        noType.headers().remove("ce_type");
        ProducerRecord<String, byte[]> wrongData = new ProducerRecord<>(
                TOPIC,
                null,
                workspace,
                "{\"seq\":\"not a number\"}".getBytes(StandardCharsets.UTF_8),
                event(workspace, "wrong-data-" + workspace, workspace + "/wrong", 3)
                        .headers());

        KafkaTestClient.send(List.of(
                new ProducerRecord<>(
                        TOPIC,
                        null,
                        workspace,
                        "{\"workspaceId\":".getBytes(StandardCharsets.UTF_8),
                        badJson.headers()),
                noType,
                wrongData,
                event(workspace, UUID.randomUUID().toString(), sentinel, 4)));

        await().until(() -> applied(sentinel) == 1);
        List<ConsumerRecord<String, byte[]>> dead =
                KafkaTestClient.readUntil(DLQ, r -> ("wrong-data-" + workspace).equals(header(r, "ce_id"))).stream()
                        .filter(r -> workspace.equals(r.key()))
                        .toList();
        Map<String, ConsumerRecord<String, byte[]>> byId =
                dead.stream().collect(Collectors.toMap(r -> header(r, "ce_id"), r -> r));
        assertThat(byId).containsOnlyKeys("bad-json-" + workspace, "no-type-" + workspace, "wrong-data-" + workspace);
        assertThat(header(byId.get("bad-json-" + workspace), "dead-letter-reason"))
                .contains("not valid JSON");
        assertThat(header(byId.get("no-type-" + workspace), "dead-letter-reason"))
                .contains("ce_type");
        assertThat(header(byId.get("wrong-data-" + workspace), "dead-letter-reason"))
                .contains(Sequenced.class.getName());
        assertThat(dead)
                .allSatisfy(r -> assertThat(header(r, "dead-letter-topic")).isEqualTo(TOPIC));
        assertThat(applied(workspace + "/bad") + applied(workspace + "/no-type") + applied(workspace + "/wrong"))
                .isZero();
    }

    @Test
    void leavesNoTraceOfAnEventWhoseEffectFailedSoItCanBeAppliedLater() throws Throwable {
        String subject = "w-" + UUID.randomUUID() + "/retried";
        ReceivedEvent event = received(subject);

        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> inbox.process(
                        InboxTestConsumer.CONSUMER,
                        event,
                        e -> InboxTestConsumer.apply(e)
                                .chain(() ->
                                        Uni.createFrom().<Void>failure(new IllegalStateException("effect failed"))))))
                .hasMessageContaining("effect failed");
        assertThat(applied(subject)).isZero();
        assertThat(recorded(event.id())).isZero();

        VertxContextSupport.subscribeAndAwait(
                () -> inbox.process(InboxTestConsumer.CONSUMER, event, InboxTestConsumer::apply));
        VertxContextSupport.subscribeAndAwait(
                () -> inbox.process(InboxTestConsumer.CONSUMER, event, InboxTestConsumer::apply));

        assertThat(applied(subject)).isEqualTo(1);
        assertThat(recorded(event.id())).isEqualTo(1);
    }

    @Test
    void appliesTheSameEventOncePerConsumer() throws Throwable {
        String subject = "w-" + UUID.randomUUID() + "/two-consumers";
        ReceivedEvent event = received(subject);

        VertxContextSupport.subscribeAndAwait(() -> inbox.process("consumer-a", event, InboxTestConsumer::apply));
        VertxContextSupport.subscribeAndAwait(() -> inbox.process("consumer-b", event, InboxTestConsumer::apply));

        assertThat(applied(subject)).isEqualTo(2);
    }

    @Test
    void rejectsABlankConsumer() throws SQLException {
        ReceivedEvent event = received("w-" + UUID.randomUUID() + "/blank");

        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(
                        () -> inbox.process(" ", event, InboxTestConsumer::apply)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("consumer");
        assertThat(recorded(event.id())).isZero();
    }

    @Test
    void purgesEntriesOlderThanTheRetention() throws SQLException {
        String old = "old-" + UUID.randomUUID();
        String recent = "recent-" + UUID.randomUUID();
        execute(
                "insert into inbox_message (consumer, event_id, received_at)"
                        + " values ('purge-test', ?, now() - interval '90 days')",
                old);
        execute("insert into inbox_message (consumer, event_id) values ('purge-test', ?)", recent);

        int deleted = purge.purge();

        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(recorded(old)).isZero();
        assertThat(recorded(recent)).isEqualTo(1);
    }

    private static ReceivedEvent received(String subject) {
        return new ReceivedEvent(
                UUID.randomUUID().toString(),
                TestEvents.INBOX.type(),
                "/sealcloud/test",
                subject,
                Instant.now(),
                TestEvents.INBOX.dataschema(),
                JsonNodeFactory.instance.objectNode().put("workspaceId", "w").put("seq", 1));
    }

    private static ProducerRecord<String, byte[]> event(String workspace, String id, String subject, int seq) {
        List<Header> headers = new ArrayList<>();
        headers.add(recordHeader("ce_specversion", "1.0"));
        headers.add(recordHeader("ce_id", id));
        headers.add(recordHeader("ce_source", "/sealcloud/test"));
        headers.add(recordHeader("ce_type", TestEvents.INBOX.type()));
        headers.add(recordHeader("ce_subject", subject));
        headers.add(recordHeader("ce_time", Instant.now().toString()));
        headers.add(recordHeader("ce_dataschema", TestEvents.INBOX.dataschema()));
        headers.add(recordHeader("content-type", "application/json"));
        byte[] value = EventJson.write(new Sequenced(workspace, seq)).getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(TOPIC, null, workspace, value, headers);
    }

    private static Header recordHeader(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private double duplicates() {
        Counter counter = registry.find("sealcloud.runtime_test.inbox.duplicates")
                .tag("consumer", InboxTestConsumer.CONSUMER)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private long applied(String subject) throws SQLException {
        return query("select coalesce(sum(applied), 0) from messaging_test_effect where subject = ?", subject);
    }

    private long recorded(String eventId) throws SQLException {
        return query("select count(*) from inbox_message where event_id = ?", eventId);
    }

    private long query(String sql, String parameter) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void execute(String sql, String parameter) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            ps.executeUpdate();
        }
    }
}
