package io.sealcloud.platform.outbox;

import static io.sealcloud.platform.events.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.quarkus.vertx.VertxContextSupport;
import io.sealcloud.contracts.EventType;
import io.sealcloud.platform.config.ServiceConfig;
import io.sealcloud.platform.events.EventJson;
import io.sealcloud.platform.events.KafkaTestClient;
import io.sealcloud.platform.events.TestEvents;
import io.sealcloud.platform.events.TestEvents.Sequenced;
import io.sealcloud.testkit.StoppableKafka;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithPostgres;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKafka
@WithPostgres(database = "runtime")
@WithKubernetesTestServer
class OutboxRelayTest {

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxPurge purge;

    @Inject
    DataSource dataSource;

    @Inject
    OutboxConfig config;

    @Inject
    ServiceConfig service;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    MeterRegistry registry;

    @BeforeAll
    static void createTopics() {
        // Several partitions, so per-key order is not just the order of a single-partition topic.
        KafkaTestClient.createTopic(TestEvents.OUTBOX.topic(), 3);
        KafkaTestClient.createTopic(TestEvents.RELAY_RESTART.topic(), 3);
        KafkaTestClient.createTopic(TestEvents.TWO_RELAYS.topic(), 3);
    }

    @AfterEach
    void relayRunsAgain() {
        // A failed test must not leave the relay stopped or gated for the next one.
        GatedSendInterceptor.open();
        relay.start();
    }

    @Test
    void publishesACommittedEventAsABinaryCloudEventKeyedByWorkspace() throws Throwable {
        String workspace = "w-" + UUID.randomUUID();
        Sequenced data = new Sequenced(workspace, 1);

        inTransaction(() ->
                insertWorkspace(workspace).chain(() -> outbox.append(TestEvents.OUTBOX, workspace, workspace, data)));

        List<ConsumerRecord<String, byte[]>> read =
                KafkaTestClient.readUntil(TestEvents.OUTBOX.topic(), r -> workspace.equals(r.key()));
        ConsumerRecord<String, byte[]> record =
                read.stream().filter(r -> workspace.equals(r.key())).findFirst().orElseThrow();
        OutboxRowView row = outboxRow(workspace);
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_id")).isEqualTo(row.eventId().toString());
        assertThat(header(record, "ce_source")).isEqualTo("/sealcloud/runtime-test");
        assertThat(header(record, "ce_type")).isEqualTo(TestEvents.OUTBOX.type());
        assertThat(header(record, "ce_subject")).isEqualTo(workspace);
        assertThat(header(record, "ce_dataschema")).isEqualTo(TestEvents.OUTBOX.dataschema());
        assertThat(header(record, "content-type")).isEqualTo("application/json");
        assertThat(OffsetDateTime.parse(header(record, "ce_time")).toInstant()).isEqualTo(row.occurredAt());
        JsonNode value = EventJson.mapper().readTree(record.value());
        assertThat(value.get("workspaceId").asText()).isEqualTo(workspace);
        assertThat(value.get("seq").asInt()).isEqualTo(1);
        await().until(() -> outboxRow(workspace).publishedAt() != null);
    }

    @Test
    void publishesNothingFromATransactionThatRollsBack() throws Throwable {
        String workspace = "w-" + UUID.randomUUID();

        assertThatThrownBy(() -> inTransaction(() -> insertWorkspace(workspace)
                        .chain(() ->
                                outbox.append(TestEvents.OUTBOX, workspace, workspace, new Sequenced(workspace, 1)))
                        .chain(() ->
                                Uni.createFrom().<Void>failure(new IllegalStateException("the change fails late")))))
                .hasMessageContaining("the change fails late");
        // A later event on the same key lands on the same partition after the rolled-back one would have.
        inTransaction(() -> outbox.append(TestEvents.OUTBOX, workspace, workspace, new Sequenced(workspace, 2)));

        List<ConsumerRecord<String, byte[]>> read =
                KafkaTestClient.readUntil(TestEvents.OUTBOX.topic(), r -> workspace.equals(r.key()));
        List<Integer> seqs = read.stream()
                .filter(r -> workspace.equals(r.key()))
                .map(r -> EventJson.read(r.value()).get("seq").asInt())
                .toList();
        assertThat(seqs).containsExactly(2);
        assertThat(count("select count(*) from messaging_test_workspace where id = ?", workspace))
                .isZero();
        assertThat(count("select count(*) from outbox_event where kafka_key = ?", workspace))
                .isEqualTo(1);
    }

    @Test
    void rejectsAnAppendOutsideATransaction() throws SQLException {
        String workspace = "w-" + UUID.randomUUID();

        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                        () -> outbox.append(TestEvents.OUTBOX, workspace, workspace, new Sequenced(workspace, 1)))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside the transaction");
        assertThat(count("select count(*) from outbox_event where kafka_key = ?", workspace))
                .isZero();
    }

    @Test
    void rejectsAnAppendWithoutWorkspace() {
        assertThatThrownBy(() ->
                        inTransaction(() -> outbox.append(TestEvents.OUTBOX, " ", "subject", new Sequenced("w", 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workspaceId");
    }

    @Test
    void restartedRelayDeliversEveryEventOnceAndInOrderPerWorkspace() throws Throwable {
        String topic = TestEvents.RELAY_RESTART.topic();
        relay.stop();
        List<String> workspaces = workspaces(5);
        int total = 200;
        appendSequenced(TestEvents.RELAY_RESTART, workspaces, total);

        // Let 35 sends through, hold the 36th, and stop the relay while it is held: the relay must finish that
        // cycle (send, acknowledgement, mark) and stop, leaving the rest for the restarted relay.
        int allowed = 35;
        GatedSendInterceptor.close(topic, allowed);
        relay.start();
        await().until(GatedSendInterceptor::holdsASend);
        Thread opener = new Thread(() -> {
            await().until(() -> !relay.isRunning());
            GatedSendInterceptor.open();
        });
        opener.start();
        relay.stop();
        opener.join();
        long publishedWhileStopped =
                count("select count(*) from outbox_event where topic = ? and published_at is not null", topic);
        assertThat(publishedWhileStopped).isGreaterThan(allowed).isLessThan(total);

        relay.start();
        await().until(() ->
                count("select count(*) from outbox_event where topic = ? and published_at is null", topic) == 0);

        assertDeliveredOnceInOrderPerWorkspace(topic, workspaces, total);
    }

    @Test
    void twoRelaysOfOneServicePublishEachEventOnceAndInOrderPerWorkspace() throws Throwable {
        String topic = TestEvents.TWO_RELAYS.topic();
        List<String> workspaces = workspaces(4);
        int total = 120;
        relay.stop();
        appendSequenced(TestEvents.TWO_RELAYS, workspaces, total);
        // A second replica's relay: same service, same database, same lock name.
        OutboxRelay replica = new OutboxRelay(dataSource, config, service, kafkaConfig, registry);

        replica.start();
        relay.start();
        try {
            await().until(() ->
                    count("select count(*) from outbox_event where topic = ? and published_at is null", topic) == 0);
        } finally {
            replica.stop();
        }

        assertDeliveredOnceInOrderPerWorkspace(topic, workspaces, total);
    }

    @Test
    void relayRidesOutABrokerOutageWithoutLosingOrReorderingEvents() throws Throwable {
        String topic = TestEvents.BROKER_OUTAGE.topic();
        String broker = "relay-outage-" + UUID.randomUUID();
        List<String> workspaces = workspaces(4);
        int total = 120;
        relay.stop();
        String bootstrap = StoppableKafka.start(broker);
        KafkaTestClient.createTopic(bootstrap, topic, 3);
        // This relay's own broker, and timeouts short enough that sends during the outage fail (rather than wait in
        // the producer until the broker is back), so the failed-then-retried path is the one exercised.
        Map<String, Object> kafka = new HashMap<>(kafkaConfig);
        kafka.put("bootstrap.servers", bootstrap);
        OutboxRelay outageRelay = new OutboxRelay(dataSource, shortTimeouts(config), service, kafka, registry);
        double failuresBefore = publishFailures();
        try {
            appendSequenced(TestEvents.BROKER_OUTAGE, workspaces, 0, total / 2);
            outageRelay.start();
            await().until(() -> pendingOn(topic) == 0);

            StoppableKafka.stop(broker);
            appendSequenced(TestEvents.BROKER_OUTAGE, workspaces, total / 2, total);
            await().atMost(Duration.ofSeconds(60)).until(() -> publishFailures() > failuresBefore);
            assertThat(pendingOn(topic))
                    .as("rows appended during the outage stay unpublished")
                    .isEqualTo(total / 2);

            StoppableKafka.start(broker);
            await().atMost(Duration.ofSeconds(90)).until(() -> pendingOn(topic) == 0);
        } finally {
            outageRelay.stop();
        }

        // At-least-once across an outage: a send whose acknowledgement was lost may be repeated, with the same ce_id
        // (the inbox drops it). Nothing may be lost, and each workspace's events keep their order.
        List<ConsumerRecord<String, byte[]>> read = KafkaTestClient.readAll(bootstrap, topic);
        Map<String, Integer> seqById = new HashMap<>();
        Map<String, List<Integer>> firstSeqsByWorkspace = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : read) {
            Sequenced data = EventJson.convert(EventJson.read(record.value()), Sequenced.class);
            Integer earlier = seqById.putIfAbsent(header(record, "ce_id"), data.seq());
            if (earlier == null) {
                firstSeqsByWorkspace
                        .computeIfAbsent(record.key(), k -> new ArrayList<>())
                        .add(data.seq());
            } else {
                assertThat(earlier)
                        .as("a repeated ce_id carries the same event")
                        .isEqualTo(data.seq());
            }
        }
        assertThat(seqById).hasSize(total);
        for (String workspace : workspaces) {
            assertThat(firstSeqsByWorkspace.get(workspace))
                    .hasSize(total / workspaces.size())
                    .isSorted();
        }
        StoppableKafka.destroy(broker);
    }

    private long pendingOn(String topic) throws SQLException {
        return count("select count(*) from outbox_event where topic = ? and published_at is null", topic);
    }

    private double publishFailures() {
        return registry.get("sealcloud.runtime_test.outbox.publish.failures")
                .counter()
                .count();
    }

    /** The test's outbox settings with producer timeouts of seconds and a 1 s backoff ceiling. */
    private static OutboxConfig shortTimeouts(OutboxConfig base) {
        Map<String, String> producer = new HashMap<>(base.producer());
        producer.put("delivery.timeout.ms", "4000");
        producer.put("request.timeout.ms", "1500");
        producer.put("max.block.ms", "1500");
        producer.put("reconnect.backoff.max.ms", "500");
        return new OutboxConfig() {
            @Override
            public int batchSize() {
                return base.batchSize();
            }

            @Override
            public Duration pollInterval() {
                return base.pollInterval();
            }

            @Override
            public Duration maxBackoff() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Map<String, String> producer() {
                return producer;
            }

            @Override
            public Relay relay() {
                return base.relay();
            }

            @Override
            public Purge purge() {
                return base.purge();
            }
        };
    }

    /** Appends {@code total} events in transactions of ten, round-robin over the workspaces, seq 0..total-1. */
    private void appendSequenced(EventType<Sequenced> type, List<String> workspaces, int total) throws Throwable {
        appendSequenced(type, workspaces, 0, total);
    }

    /** Appends events {@code from..to-1} in transactions of ten, round-robin over the workspaces. */
    private void appendSequenced(EventType<Sequenced> type, List<String> workspaces, int from, int to)
            throws Throwable {
        int perTransaction = 10;
        for (int first = from; first < to; first += perTransaction) {
            int start = first;
            inTransaction(() -> {
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (int seq = start; seq < start + perTransaction && seq < to; seq++) {
                    String workspace = workspaces.get(seq % workspaces.size());
                    Sequenced data = new Sequenced(workspace, seq);
                    chain = chain.chain(() -> outbox.append(type, workspace, workspace, data));
                }
                return chain;
            });
        }
    }

    private static void assertDeliveredOnceInOrderPerWorkspace(String topic, List<String> workspaces, int total) {
        List<ConsumerRecord<String, byte[]>> read = KafkaTestClient.readAll(topic).stream()
                .filter(r -> workspaces.contains(r.key()))
                .toList();
        Set<String> ids = new HashSet<>();
        Map<String, List<Integer>> seqsByWorkspace = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : read) {
            ids.add(header(record, "ce_id"));
            Sequenced data = EventJson.convert(EventJson.read(record.value()), Sequenced.class);
            assertThat(record.key()).isEqualTo(data.workspaceId());
            seqsByWorkspace
                    .computeIfAbsent(record.key(), k -> new ArrayList<>())
                    .add(data.seq());
        }
        assertThat(read).hasSize(total);
        assertThat(ids).hasSize(total);
        for (String workspace : workspaces) {
            assertThat(seqsByWorkspace.get(workspace))
                    .hasSize(total / workspaces.size())
                    .isSorted();
        }
    }

    private static List<String> workspaces(int count) {
        List<String> workspaces = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            workspaces.add("w-" + i + "-" + UUID.randomUUID());
        }
        return workspaces;
    }

    @Test
    void purgesOnlyPublishedRowsOlderThanTheRetention() throws Exception {
        String workspace = "w-" + UUID.randomUUID();
        Instant monthAgo = Instant.now().minus(Duration.ofDays(30));
        relay.stop(); // so the old unpublished row stays unpublished
        try {
            long oldPublished = insertRow(workspace, monthAgo, monthAgo);
            long recentPublished = insertRow(workspace, monthAgo, Instant.now().minus(Duration.ofHours(1)));
            long oldUnpublished = insertRow(workspace, monthAgo, null);

            int deleted = purge.purge();

            assertThat(deleted).isGreaterThanOrEqualTo(1);
            assertThat(count("select count(*) from outbox_event where id = ?", oldPublished))
                    .isZero();
            assertThat(count("select count(*) from outbox_event where id = ?", recentPublished))
                    .isEqualTo(1);
            assertThat(count("select count(*) from outbox_event where id = ?", oldUnpublished))
                    .isEqualTo(1);
        } finally {
            relay.start();
        }
    }

    private long insertRow(String workspace, Instant occurredAt, Instant publishedAt) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("insert into outbox_event"
                        + " (event_id, type, topic, kafka_key, subject, dataschema, payload, occurred_at, published_at)"
                        + " values (?, ?, ?, ?, ?, ?, '{}'::jsonb, ?, ?) returning id")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, TestEvents.OUTBOX.type());
            ps.setString(3, TestEvents.OUTBOX.topic());
            ps.setString(4, workspace);
            ps.setString(5, workspace);
            ps.setString(6, TestEvents.OUTBOX.dataschema());
            ps.setObject(7, occurredAt.atOffset(ZoneOffset.UTC));
            ps.setObject(8, publishedAt == null ? null : publishedAt.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void inTransaction(Supplier<Uni<Void>> work) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(work));
    }

    private static Uni<Void> insertWorkspace(String id) {
        return Panache.getSession()
                .flatMap(s -> s.createNativeQuery("insert into messaging_test_workspace (id, name) values (:id, :name)")
                        .setParameter("id", id)
                        .setParameter("name", "test " + id)
                        .executeUpdate())
                .replaceWithVoid();
    }

    private record OutboxRowView(UUID eventId, Instant occurredAt, Instant publishedAt) {}

    private OutboxRowView outboxRow(String workspace) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select event_id, occurred_at, published_at from outbox_event where kafka_key = ?")) {
            ps.setString(1, workspace);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("outbox row for %s", workspace).isTrue();
                OffsetDateTime published = rs.getObject(3, OffsetDateTime.class);
                return new OutboxRowView(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, OffsetDateTime.class).toInstant(),
                        published == null ? null : published.toInstant());
            }
        }
    }

    private long count(String sql, Object parameter) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
