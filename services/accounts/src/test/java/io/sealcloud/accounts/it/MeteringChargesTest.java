package io.sealcloud.accounts.it;

import static io.sealcloud.accounts.it.MoneyApi.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.sealcloud.contracts.metering.ChargeCreatedV1;
import io.sealcloud.contracts.metering.MeteringEvents;
import io.sealcloud.platform.events.EventJson;
import io.sealcloud.testkit.KafkaTestResource;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Metering's {@code charge.created} records, produced by a plain Kafka producer as metering's relay would, debit the
 * owner of the charged workspace exactly once per charge id.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "accounts")
@WithKeycloak
@WithControlPlane(serviceAccount = "accounts")
class MeteringChargesTest {

    private static final String GROUP = "sealcloud-accounts";

    @Inject
    DataSource database;

    /** One record on the wire: the CloudEvents id and the charge. */
    private record Sent(String eventId, ChargeCreatedV1 charge) {}

    @Test
    void debitsAThousandChargesWithDuplicatesAConsumerRestartAndEveryChargeReplayedToTheExactMicroUnit()
            throws Exception {
        TestUser owner = KeycloakTestResource.realm().createUniqueUser("metered");
        String token = owner.token();
        String personal = Api.me(token).statusCode(200).extract().path("personalWorkspaceId");
        String team = Api.create(token, "{\"name\":\"metered-team\"}")
                .statusCode(201)
                .extract()
                .path("id");
        String ops = MoneyApi.ops().token();
        MoneyApi.adjust(ops, owner.id(), 10_000 * UNIT, "prepaid for the test").statusCode(201);
        long start = MoneyApi.balance(token);

        // 900 distinct charges over both workspaces, 30 of them corrections that give money back ...
        Random random = new Random(42);
        List<Sent> records = new ArrayList<>();
        long expectedDebit = 0;
        for (int i = 0; i < 900; i++) {
            String workspace = i % 2 == 0 ? personal : team;
            long debit = i % 30 == 29 ? -(1 + random.nextInt(5_000)) : 1 + random.nextInt(50_000);
            expectedDebit += debit;
            records.add(new Sent(UUID.randomUUID().toString(), charge("ch-" + workspace + "-" + i, workspace, debit)));
        }
        // ... plus 100 duplicates: 50 redeliveries of the same event, 50 republications under a new event id.
        for (int i = 0; i < 100; i++) {
            Sent original = records.get(random.nextInt(900));
            records.add(i < 50 ? original : new Sent(UUID.randomUUID().toString(), original.charge()));
        }
        Collections.shuffle(records, random);

        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (Sent sent : records.subList(0, 500)) {
                producer.send(record(sent));
            }
            producer.flush();

            await().atMost(Duration.ofSeconds(120)).until(() -> chargeEntries(owner.id()) >= 100);

            // A consumer restart in the middle, as the group sees one: another member joins the service's group, the
            // running consumer's partitions are revoked and reassigned, and consumption resumes from the group's
            // committed offsets — so whatever was booked but not yet committed is delivered again.
            assertThat(rebalanceTheServicesGroup()).as("the group rebalanced").isTrue();

            // And what a restart after lost offset commits delivers: everything sent so far, again, with the same
            // CloudEvents ids.
            for (Sent sent : records.subList(0, 500)) {
                producer.send(record(sent));
            }
            for (Sent sent : records.subList(500, 1000)) {
                producer.send(record(sent));
            }
            // Finally the whole stream once more, so every charge has been delivered at least twice (issue 4: the
            // balance matches after replaying every charge twice).
            for (Sent sent : records) {
                producer.send(record(sent));
            }
            producer.flush();
        }

        // Done when the app's consumer group has committed every record on the topic.
        await().atMost(Duration.ofSeconds(300))
                .pollInterval(Duration.ofMillis(500))
                .until(this::groupCaughtUp);

        assertThat(chargeEntries(owner.id())).isEqualTo(900);
        assertThat(MoneyApi.balance(token)).isEqualTo(start - expectedDebit);
        assertThat(distinctChargeIds(owner.id())).isEqualTo(900);
    }

    /**
     * Joins the accounts service's consumer group with a plain consumer, waits until the group has rebalanced around
     * it, then leaves without committing anything (the partitions go back to the service, from its committed offsets).
     */
    private static boolean rebalanceTheServicesGroup() throws InterruptedException {
        CountDownLatch assigned = new CountDownLatch(1);
        try (KafkaConsumer<String, byte[]> intruder = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaTestResource.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                GROUP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName()))) {
            intruder.subscribe(List.of(MeteringEvents.TOPIC), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    assigned.countDown();
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (assigned.getCount() > 0 && System.nanoTime() < deadline) {
                intruder.poll(Duration.ofMillis(200)); // records it receives are neither booked nor committed
            }
            return assigned.await(0, TimeUnit.SECONDS);
        }
    }

    private static ChargeCreatedV1 charge(String chargeId, String workspaceId, long debitMicros) {
        Instant windowStart = Instant.parse("2026-11-25T10:00:00Z");
        return new ChargeCreatedV1(
                chargeId,
                workspaceId,
                windowStart,
                windowStart.plus(Duration.ofMinutes(5)),
                "cpu",
                new ChargeCreatedV1.Attribution("other", null),
                1_000L,
                "millicore-minute",
                "pv-cpu-test",
                debitMicros,
                debitMicros < 0 ? chargeId.replace("ch-", "orig-") : null);
    }

    private static ProducerRecord<String, byte[]> record(Sent sent) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                MeteringEvents.TOPIC,
                sent.charge().workspaceId(),
                EventJson.write(sent.charge()).getBytes(StandardCharsets.UTF_8));
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", sent.eventId());
        header(record, "ce_source", "/sealcloud/metering");
        header(record, "ce_type", MeteringEvents.CHARGE_CREATED.type());
        header(record, "ce_subject", sent.charge().chargeId());
        header(record, "ce_time", Instant.now().toString());
        header(record, "ce_dataschema", MeteringEvents.CHARGE_CREATED.dataschema());
        header(record, "content-type", "application/json");
        return record;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    private boolean groupCaughtUp() throws Exception {
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Set<TopicPartition> partitions = admin
                    .describeTopics(List.of(MeteringEvents.TOPIC))
                    .allTopicNames()
                    .get()
                    .get(MeteringEvents.TOPIC)
                    .partitions()
                    .stream()
                    .map(p -> new TopicPartition(MeteringEvents.TOPIC, p.partition()))
                    .collect(Collectors.toSet());
            var ends = admin.listOffsets(
                            partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all()
                    .get();
            return partitions.stream()
                    .allMatch(p -> committed.get(p) != null
                            && committed.get(p).offset() >= ends.get(p).offset());
        }
    }

    private long chargeEntries(String accountId) throws SQLException {
        return count("SELECT count(*) FROM ledger_entries WHERE account_id = ? AND type = 'charge'", accountId);
    }

    private long distinctChargeIds(String accountId) throws SQLException {
        return count("SELECT count(DISTINCT charge_id) FROM ledger_entries WHERE account_id = ?", accountId);
    }

    private long count(String sql, String accountId) throws SQLException {
        try (Connection c = database.getConnection();
                var s = c.prepareStatement(sql)) {
            s.setString(1, accountId);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
