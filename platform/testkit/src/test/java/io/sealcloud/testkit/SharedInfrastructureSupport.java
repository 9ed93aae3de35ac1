package io.sealcloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.eclipse.microprofile.config.ConfigProvider;
import org.postgresql.Driver;

/** Assertions shared by the two {@code @QuarkusTest} classes that boot two applications in one JVM. */
final class SharedInfrastructureSupport {

    // System properties are the one store both Quarkus class loaders see: the first application records what it got.
    private static final String FIRST_BOOTSTRAP = "testkit.test.first-bootstrap-servers";
    private static final String FIRST_PORT = "testkit.test.first-postgres-port";
    private static final String APP_PREFIX = "testkit.test.app.";

    private SharedInfrastructureSupport() {}

    static void assertAppRunsInAQuarkusClassLoader() {
        assertThat(KafkaTestResource.class.getClassLoader()).isNotSameAs(ClassLoader.getSystemClassLoader());
    }

    /**
     * Same resources (and database) → the same boot; other resources → another boot. Each application records its
     * id under its resource group, and every group seen so far must have had a boot of its own.
     */
    static void assertOneBootPerResourceGroup(String group, AppInstance app) {
        System.getProperties().putIfAbsent(APP_PREFIX + group, app.id());
        assertThat(System.getProperty(APP_PREFIX + group)).isEqualTo(app.id());
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith(APP_PREFIX) && !name.equals(APP_PREFIX + group))
                .forEach(other -> assertThat(System.getProperty(other)).isNotEqualTo(app.id()));
    }

    static void assertEveryApplicationGetsTheSameBroker() {
        String configured = config("kafka.bootstrap.servers");
        assertThat(configured).isEqualTo(KafkaTestResource.bootstrapServers());
        System.getProperties().putIfAbsent(FIRST_BOOTSTRAP, configured);
        assertThat(configured).isEqualTo(System.getProperty(FIRST_BOOTSTRAP));
    }

    static void assertTheDatasourcePointsAtTheCreatedDatabase(String database) throws SQLException {
        String jdbcUrl = config("quarkus.datasource.jdbc.url");
        assertThat(jdbcUrl).isEqualTo(PostgresTestResource.jdbcUrl(database));
        assertThat(config("quarkus.datasource.reactive.url")).isEqualTo("postgresql:" + jdbcUrl.substring(16));
        String port = jdbcUrl.replaceAll(".*localhost:(\\d+)/.*", "$1");
        System.getProperties().putIfAbsent(FIRST_PORT, port);
        assertThat(port).isEqualTo(System.getProperty(FIRST_PORT));

        Properties credentials = new Properties();
        credentials.setProperty("user", config("quarkus.datasource.username"));
        credentials.setProperty("password", config("quarkus.datasource.password"));
        // Not DriverManager: it only hands out drivers registered from the caller's class loader, and the first
        // registration happened in the system class loader (where the server's helper runs).
        try (Connection connection = new Driver().connect(jdbcUrl, credentials);
                Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery("SELECT current_database()")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo(database);
        }
    }

    /**
     * The application is configured for the injected mock server, which keeps what each class stores: a class sees
     * the ConfigMaps that the other class of its boot stored before it.
     */
    static void assertTheMockApiServerIsSharedByTheBoot(KubernetesServer kubernetes, String name, AppInstance app) {
        KubernetesClient client = kubernetes.getClient();
        // Quarkus' resource hands the server to the application as fabric8's own setting.
        assertThat(config("kubernetes.master"))
                .isEqualTo(client.getConfiguration().getMasterUrl());
        client.configMaps()
                .inNamespace("testkit")
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace("testkit")
                        .endMetadata()
                        .addToData("app", app.id())
                        .build())
                .create();
        List<ConfigMap> stored =
                client.configMaps().inNamespace("testkit").list().getItems();
        assertThat(stored).extracting(map -> map.getMetadata().getName()).contains(name);
        // Whatever another class stored came from this same boot.
        assertThat(stored).allSatisfy(map -> assertThat(map.getData()).containsEntry("app", app.id()));
    }

    private static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }
}
