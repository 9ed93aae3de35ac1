package io.sealcloud.testkit;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its beginning with a plain Kafka consumer (not through the service's code), so tests see exactly
 * what another service would: key, {@code ce_*} headers and JSON data. Reads the shared {@link WithKafka} broker.
 */
public final class EventProbe implements AutoCloseable {

    /** One record as it arrived. */
    public record Received(String key, Map<String, String> headers, String value) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public EventProbe(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "event-probe-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(topic));
    }

    /** Polls until a record with this key and {@code ce_type} arrived; returns it. */
    public Received awaitEvent(String key, String type) {
        return await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> poll().stream()
                                .filter(r -> key.equals(r.key()) && type.equals(r.header("ce_type")))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    /** Every record seen so far with this key and {@code ce_type}. */
    public List<Received> all(String key, String type) {
        poll();
        return received.stream()
                .filter(r -> key.equals(r.key()) && type.equals(r.header("ce_type")))
                .toList();
    }

    private synchronized List<Received> poll() {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            for (Header header : record.headers()) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
            received.add(new Received(record.key(), headers, record.value()));
        }
        return new ArrayList<>(received);
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
