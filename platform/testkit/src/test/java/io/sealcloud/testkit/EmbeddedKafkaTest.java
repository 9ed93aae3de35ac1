package io.sealcloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

    @Test
    void roundTripsARecordThroughTheSharedBroker() throws Exception {
        String bootstrap = KafkaTestResource.bootstrapServers();
        String topic = "testkit-" + UUID.randomUUID();
        String value = "hello " + UUID.randomUUID();

        RecordMetadata sent;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                "true",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName()))) {
            sent = producer.send(new ProducerRecord<>(topic, "ws-1", value)).get();
        }
        assertThat(sent.topic()).isEqualTo(topic);

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "testkit-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
            });
        }
        assertThat(received).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("ws-1");
            assertThat(record.value()).isEqualTo(value);
        });
    }

    @Test
    void sharesOneBrokerPerJvm() {
        assertThat(KafkaTestResource.bootstrapServers()).isEqualTo(KafkaTestResource.bootstrapServers());
        assertThat(new KafkaTestResource().start())
                .containsExactly(Map.entry("kafka.bootstrap.servers", KafkaTestResource.bootstrapServers()));
    }

    @Test
    void closeStopsTheBrokerFreesItsPortAndDeletesItsDirectory() {
        EmbeddedKafka kafka = EmbeddedKafka.start(Dirs.fresh("kafka-close"));
        int port = kafka.port();
        assertThat(kafka.dir()).startsWith(Dirs.infraRun()).isDirectory();
        assertThat(FreePorts.isListening(port)).isTrue();

        kafka.close();

        assertThat(FreePorts.isListening(port)).isFalse();
        assertThat(Files.exists(kafka.dir())).isFalse();
    }

    @Test
    void aStoppableBrokerComesBackOnItsPortWithItsRecords() throws Exception {
        String name = "outage-" + UUID.randomUUID();
        String topic = "testkit-" + UUID.randomUUID();
        try {
            String bootstrap = StoppableKafka.start(name);
            int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class.getName()))) {
                producer.send(new ProducerRecord<>(topic, "ws-1", "before the outage"))
                        .get();
            }

            StoppableKafka.stop(name);
            assertThat(FreePorts.isListening(port)).isFalse();
            assertThat(StoppableKafka.start(name)).isEqualTo(bootstrap);

            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG,
                    "testkit-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class.getName()))) {
                consumer.subscribe(List.of(topic));
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                    return !values.isEmpty();
                });
            }
            assertThat(values).containsExactly("before the outage");
        } finally {
            StoppableKafka.destroy(name);
        }
    }
}
