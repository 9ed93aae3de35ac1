package io.sealcloud.platform.events;

import static org.awaitility.Awaitility.await;

import io.sealcloud.testkit.KafkaTestResource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for the tests: they see the topics as any other service would, without SmallRye. */
public final class KafkaTestClient {

    private KafkaTestClient() {}

    /** Creates the topic with that many partitions on the shared broker unless it exists. */
    public static void createTopic(String topic, int partitions) {
        createTopic(KafkaTestResource.bootstrapServers(), topic, partitions);
    }

    /** Creates the topic with that many partitions on the given broker unless it exists. */
    public static void createTopic(String bootstrapServers, String topic, int partitions) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic " + topic, e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends records and waits for the broker's acknowledgement of each. */
    public static void send(List<ProducerRecord<String, byte[]>> records) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            for (ProducerRecord<String, byte[]> record : records) {
                producer.send(record).get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not send test records", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads the topic from the beginning (every partition, in offset order per partition) until a record matches
     * {@code until}, and returns everything read.
     */
    public static List<ConsumerRecord<String, byte[]>> readUntil(
            String topic, Predicate<ConsumerRecord<String, byte[]>> until) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(KafkaTestResource.bootstrapServers())) {
            assignFromBeginning(consumer, topic);
            List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read.add(record);
                }
                return read.stream().anyMatch(until);
            });
            return read;
        }
    }

    /** Reads every record the topic holds right now (up to its end offsets), partition by partition. */
    public static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        return readAll(KafkaTestResource.bootstrapServers(), topic);
    }

    /** {@link #readAll(String)} from the given broker. */
    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrapServers, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrapServers)) {
            Set<TopicPartition> partitions = assignFromBeginning(consumer, topic);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read.add(record);
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
            return read;
        }
    }

    private static Set<TopicPartition> assignFromBeginning(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !consumer.partitionsFor(topic).isEmpty());
        consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return Set.copyOf(partitions);
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "messaging-test-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    /** A header's value as text, or null when the record has none. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
