package io.sealcloud.testkit;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A Kafka broker of its own that a test can take down and bring back on the same port with the same data: a broker
 * outage, as a client sees it. Separate from the shared {@link WithKafka} broker, which other test classes need up.
 *
 * <p>Brokers are named and live in the system class loader's copy of this class ({@link JvmShared}), so the test's
 * Quarkus class loader only ever holds their addresses; whatever is still running is closed at JVM exit.
 */
public final class StoppableKafka {

    // Only the system class loader's copy of this class ever touches these (see JvmShared).
    private static final Map<String, Broker> BROKERS = new HashMap<>();

    private StoppableKafka() {}

    /** Starts the named broker (formatting a fresh directory the first time); returns its bootstrap servers. */
    public static String start(String name) {
        return (String) JvmShared.call(StoppableKafka.class, "sharedStart", name);
    }

    /** Stops the named broker and waits for it, keeping its data and ports for {@link #start(String)}. */
    public static void stop(String name) {
        JvmShared.call(StoppableKafka.class, "sharedStop", name);
    }

    /** Stops the named broker if it runs and deletes its data. */
    public static void destroy(String name) {
        JvmShared.call(StoppableKafka.class, "sharedDestroy", name);
    }

    @SuppressWarnings("unused") // called through JvmShared
    private static synchronized String sharedStart(String name) {
        Broker broker = BROKERS.get(name);
        if (broker == null) {
            broker = new Broker(Dirs.fresh("kafka-" + name), FreePorts.next(), FreePorts.next());
            BROKERS.put(name, broker);
            if (BROKERS.size() == 1) {
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(StoppableKafka::destroyAll, "testkit-stoppable-kafka-shutdown"));
            }
        }
        if (broker.running == null) {
            broker.running = EmbeddedKafka.builder(broker.dir)
                    .port(broker.port)
                    .controllerPort(broker.controllerPort)
                    .keepData(true)
                    .start();
        }
        return broker.running.bootstrapServers();
    }

    @SuppressWarnings("unused") // called through JvmShared
    private static synchronized void sharedStop(String name) {
        Broker broker = BROKERS.get(name);
        if (broker != null && broker.running != null) {
            broker.running.close();
            broker.running = null;
        }
    }

    @SuppressWarnings("unused") // called through JvmShared
    private static synchronized void sharedDestroy(String name) {
        Broker broker = BROKERS.remove(name);
        if (broker != null) {
            if (broker.running != null) {
                broker.running.close();
            }
            Dirs.deleteRecursively(broker.dir);
        }
    }

    private static synchronized void destroyAll() {
        for (String name : Map.copyOf(BROKERS).keySet()) {
            sharedDestroy(name);
        }
    }

    /** A named broker's fixed identity: where it keeps its data and the ports it comes back on. */
    private static final class Broker {
        final Path dir;
        final int port;
        final int controllerPort;
        EmbeddedKafka running;

        Broker(Path dir, int port, int controllerPort) {
            this.dir = dir;
            this.port = port;
            this.controllerPort = controllerPort;
        }
    }
}
