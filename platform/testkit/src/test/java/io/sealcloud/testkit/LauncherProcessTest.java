package io.sealcloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The entry points the local platform runs as processes: ready line, SIGTERM, and a restart that keeps the data. */
class LauncherProcessTest {

    @Test
    void postgresRestartedWithTheSameDirectoryKeepsItsDatabases() throws Exception {
        Path dir = Dirs.fresh("launcher-postgres");
        try {
            int port;
            try (Launched first = Launched.start(
                    EmbeddedPostgresServer.class,
                    "POSTGRES READY ",
                    "--dir",
                    dir.toString(),
                    "--port",
                    "0",
                    "--databases",
                    "alpha,beta")) {
                port = Integer.parseInt(first.readyValue);
                execute(port, "beta", "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survives')");
                first.stop();
                assertThat(FreePorts.isListening(port)).isFalse();
            }
            try (Launched second = Launched.start(
                    EmbeddedPostgresServer.class,
                    "POSTGRES READY ",
                    "--dir",
                    dir.toString(),
                    "--port",
                    "0",
                    "--databases",
                    "alpha,beta,gamma")) {
                int again = Integer.parseInt(second.readyValue);
                assertThat(query(again, "beta", "SELECT v FROM kept")).isEqualTo("survives");
                assertThat(query(again, "gamma", "SELECT current_database()")).isEqualTo("gamma");
            }
        } finally {
            Dirs.deleteRecursively(dir);
        }
    }

    @Test
    void kafkaRestartedWithTheSameDirectoryKeepsItsTopics() throws Exception {
        Path dir = Dirs.fresh("launcher-kafka");
        String topic = "launcher-kept";
        try {
            try (Launched first =
                    Launched.start(EmbeddedKafka.class, "KAFKA READY ", "--dir", dir.toString(), "--port", "0")) {
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, first.readyValue,
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
                    producer.send(new ProducerRecord<>(topic, "k", "before restart"))
                            .get();
                }
                first.stop();
            }
            try (Launched second =
                    Launched.start(EmbeddedKafka.class, "KAFKA READY ", "--dir", dir.toString(), "--port", "0")) {
                List<String> values = new ArrayList<>();
                try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        second.readyValue,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "launcher-test",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class.getName(),
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class.getName()))) {
                    consumer.subscribe(List.of(topic));
                    await().atMost(Duration.ofSeconds(120)).until(() -> {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                            values.add(record.value());
                        }
                        return !values.isEmpty();
                    });
                }
                assertThat(values).containsExactly("before restart");
            }
        } finally {
            Dirs.deleteRecursively(dir);
        }
    }

    private static void execute(int port, String db, String sql) throws SQLException {
        try (Connection connection = connect(port, db);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(int port, String db, String sql) throws SQLException {
        try (Connection connection = connect(port, db);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    private static Connection connect(int port, String db) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + db, "postgres", "x");
    }

    /** A child JVM running one entry point, with this JVM's class path. */
    private static final class Launched implements AutoCloseable {
        private final Process process;
        private final String readyValue;

        private Launched(Process process, String readyValue) {
            this.process = process;
            this.readyValue = readyValue;
        }

        static Launched start(Class<?> main, String readyPrefix, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                    "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                    "-cp",
                    System.getProperty("java.class.path"),
                    main.getName()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            BufferedReader stdout =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = stdout.readLine()) != null) {
                if (line.startsWith(readyPrefix)) {
                    return new Launched(
                            process, line.substring(readyPrefix.length()).trim());
                }
            }
            throw new IllegalStateException(main.getSimpleName() + " exited before it was ready");
        }

        /** SIGTERM, then wait: the shutdown hook must stop the server and let the JVM end. */
        void stop() throws InterruptedException {
            process.destroy();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                stop();
            }
        }
    }
}
