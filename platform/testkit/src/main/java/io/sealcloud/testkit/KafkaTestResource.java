package io.sealcloud.testkit;

import io.quarkus.test.common.QuarkusTestResourceConfigurableLifecycleManager;
import java.util.Map;

/** Quarkus test resource behind {@link WithKafka}: the JVM's one Kafka broker, started lazily. */
public class KafkaTestResource implements QuarkusTestResourceConfigurableLifecycleManager<WithKafka> {

    // Only the system class loader's copy of this class ever assigns it (see JvmShared).
    private static EmbeddedKafka broker;

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    /** Does nothing: the broker outlives each application so the next test class reuses it. */
    @Override
    public void stop() {}

    /** The shared broker's {@code bootstrap.servers}; starts it on first call. */
    public static String bootstrapServers() {
        return (String) JvmShared.call(KafkaTestResource.class, "sharedBootstrapServers");
    }

    @SuppressWarnings("unused") // called through JvmShared
    private static synchronized String sharedBootstrapServers() {
        if (broker == null) {
            EmbeddedKafka started = EmbeddedKafka.start(Dirs.fresh("kafka"));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "testkit-kafka-shutdown"));
            broker = started;
        }
        return broker.bootstrapServers();
    }
}
