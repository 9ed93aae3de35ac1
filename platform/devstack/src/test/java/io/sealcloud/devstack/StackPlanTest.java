package io.sealcloud.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackPlanTest {

    @TempDir
    Path root;

    private StackLayout layout;

    @BeforeEach
    void checkout() throws IOException {
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.writeString(root.resolve("sealcloud"), "#!/usr/bin/env bash");
        for (String service : List.of("metering", "accounts")) {
            Files.createDirectories(root.resolve("services/" + service));
            Files.writeString(root.resolve("services/" + service + "/pom.xml"), "<project/>");
        }
        // Not a service: no pom.xml.
        Files.createDirectories(root.resolve("services/notes"));
        layout = new StackLayout(root);
    }

    private StackPlan plan(boolean simulated, String kubeconfig) {
        List<ServiceModule> services = ServiceModule.discover(layout.services());
        Map<String, Integer> ports = new HashMap<>();
        int next = 20000;
        for (List<String> keys : StackPlan.portKeys(services, simulated).values()) {
            for (String key : keys) {
                ports.put(key, next++);
            }
        }
        return new StackPlan(
                layout,
                services,
                simulated,
                kubeconfig,
                ports,
                new KeycloakDistribution(layout.keycloakHome(), "26.5.6"),
                "/usr/bin/java");
    }

    private StackPlan realPlan() {
        List<ServiceModule> services = ServiceModule.discover(layout.services());
        Map<String, Integer> ports = new HashMap<>();
        int next = 21000;
        for (List<String> keys :
                StackPlan.portKeys(services, KubernetesMode.REAL).values()) {
            for (String key : keys) {
                ports.put(key, next++);
            }
        }
        return new StackPlan(
                layout,
                services,
                KubernetesMode.REAL,
                layout.simulatedKubeconfig().toString(),
                Path.of("/cache/kubernetes/v1.20.2"),
                ports,
                new KeycloakDistribution(layout.keycloakHome(), "26.5.6"),
                "/usr/bin/java");
    }

    private static ComponentSpec component(StackPlan plan, String name) {
        return plan.components().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void discoversEveryServiceWithAPomInNameOrder() {
        assertThat(ServiceModule.discover(layout.services()))
                .extracting(ServiceModule::name)
                .containsExactly("accounts", "metering");
    }

    @Test
    void startsInfrastructureThenServicesThenTheGateway() {
        assertThat(plan(true, layout.simulatedKubeconfig().toString()).components())
                .extracting(ComponentSpec::name)
                .containsExactly("postgres", "kafka", "kubernetes", "keycloak", "accounts", "metering", "gateway");
    }

    @Test
    void givesEachServiceItsOwnDatabaseAndTheSharedInfrastructure() {
        StackPlan plan = plan(true, "/repo/.sealcloud/kubeconfig");
        ComponentSpec accounts = component(plan, "accounts");
        int postgres = plan.port("postgres");

        assertThat(accounts.env())
                .containsEntry("QUARKUS_HTTP_PORT", String.valueOf(plan.port("accounts")))
                .containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://localhost:" + postgres + "/accounts")
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + postgres + "/accounts")
                .containsEntry("QUARKUS_DATASOURCE_USERNAME", "postgres")
                .containsKey("QUARKUS_DATASOURCE_PASSWORD")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + plan.port("kafka"))
                .containsEntry(
                        "QUARKUS_OIDC_AUTH_SERVER_URL",
                        "http://localhost:" + plan.port("keycloak") + "/realms/sealcloud")
                .containsEntry("KUBECONFIG", "/repo/.sealcloud/kubeconfig")
                .containsEntry("SEALCLOUD_OPERATOR_LEASE_NAMESPACE", "default");
        assertThat(component(plan, "metering").env())
                .containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://localhost:" + postgres + "/metering");
        // Run from the fast-jar's directory: a class-data-sharing archive names the jar relatively.
        assertThat(accounts.command()).contains("-XX:TieredStopAtLevel=1").endsWith("-jar", "quarkus-run.jar");
        assertThat(accounts.env()).containsEntry("MALLOC_ARENA_MAX", "2");
        assertThat(accounts.workDir()).isEqualTo(root.resolve("services/accounts/target/quarkus-app"));
        assertThat(accounts.env())
                .containsEntry(
                        "QUARKUS_TRANSACTION_MANAGER_OBJECT_STORE_DIRECTORY",
                        root.resolve(".sealcloud/data/accounts/ObjectStore").toString());
        assertThat(accounts.dependsOn()).containsExactly("postgres", "kafka", "kubernetes");
    }

    @Test
    void createsADatabasePerServiceAndRoutesEachServiceThroughTheGateway() {
        StackPlan plan = plan(true, "k");

        assertThat(component(plan, "postgres").command()).containsSequence("--databases", "accounts,metering");
        assertThat(component(plan, "gateway").command())
                .containsSequence(
                        "--routes", "accounts=" + plan.port("accounts") + ",metering=" + plan.port("metering"));
    }

    @Test
    void usesTheUsersClusterInsteadOfTheSimulatedOneWhenKubeconfigIsSet() {
        StackPlan plan = plan(false, "/home/me/.kube/config");

        assertThat(plan.components()).extracting(ComponentSpec::name).doesNotContain("kubernetes");
        assertThat(component(plan, "accounts").env()).containsEntry("KUBECONFIG", "/home/me/.kube/config");
        assertThat(component(plan, "accounts").dependsOn()).containsExactly("postgres", "kafka");
        assertThat(plan.endpoints().kubeconfig()).isEqualTo("/home/me/.kube/config");
    }

    @Test
    void importsTheRealmAndKeepsKeycloakOnItsOwnDistribution() {
        StackPlan plan = plan(true, "k");
        ComponentSpec keycloak = component(plan, "keycloak");

        assertThat(keycloak.command().get(0))
                .isEqualTo(layout.keycloakHome().resolve("bin/kc.sh").toString());
        assertThat(keycloak.command()).contains("start-dev", "--import-realm", "--http-port=" + plan.port("keycloak"));
        assertThat(plan.endpoints().realm()).isEqualTo("sealcloud");
        assertThat(plan.endpoints().clientId()).isEqualTo("sealcloud-web");
    }

    @Test
    void prefersStableDefaultPortsAndGivesLaterServicesTheirOwn() {
        List<ServiceModule> services = List.of(
                new ServiceModule("accounts", root), new ServiceModule("zeta", root), new ServiceModule("omega", root));

        assertThat(StackPlan.defaultPort("gateway", services)).isEqualTo(8080);
        assertThat(StackPlan.defaultPort("accounts", services)).isEqualTo(8081);
        assertThat(StackPlan.defaultPort("accounts-management", services)).isEqualTo(9081);
        assertThat(StackPlan.defaultPort("zeta", services)).isEqualTo(8091);
        assertThat(StackPlan.defaultPort("omega", services)).isEqualTo(8092);
    }

    @Test
    void theRealControlPlaneIsOneComponentThatStartsBeforeKeycloakAndTheServices() {
        assertThat(realPlan().components())
                .extracting(ComponentSpec::name)
                .containsExactly("postgres", "kafka", "kubernetes", "keycloak", "accounts", "metering", "gateway");
    }

    @Test
    void theRealControlPlaneGetsTheApiServerAndBothEtcdPortsWithStableDefaults() {
        List<ServiceModule> services = ServiceModule.discover(layout.services());

        assertThat(StackPlan.portKeys(services, KubernetesMode.REAL))
                .containsEntry("kubernetes", List.of("kubernetes", "kubernetes-etcd", "kubernetes-etcd-peer"));
        assertThat(StackPlan.portKeys(services, KubernetesMode.EXTERNAL)).doesNotContainKey("kubernetes");
        assertThat(StackPlan.defaultPort("kubernetes", services)).isEqualTo(6443);
        assertThat(StackPlan.defaultPort("kubernetes-etcd", services)).isEqualTo(2379);
        assertThat(StackPlan.defaultPort("kubernetes-etcd-peer", services)).isEqualTo(2380);
    }

    @Test
    void theRealControlPlaneRunsTheCachedBinariesWithItsStateBelowTheDataDirectory() {
        StackPlan plan = realPlan();
        ComponentSpec kubernetes = component(plan, "kubernetes");

        assertThat(kubernetes.command())
                .contains("io.sealcloud.devstack.kube.RealKubernetes")
                .containsSequence("--bin", "/cache/kubernetes/v1.20.2")
                .containsSequence(
                        "--dir", root.resolve(".sealcloud/data/kubernetes").toString())
                .containsSequence("--port", String.valueOf(plan.port("kubernetes")))
                .containsSequence("--etcd-port", String.valueOf(plan.port("kubernetes-etcd")))
                .containsSequence("--etcd-peer-port", String.valueOf(plan.port("kubernetes-etcd-peer")))
                .containsSequence(
                        "--kubeconfig", root.resolve(".sealcloud/kubeconfig").toString())
                .containsSequence("--deploy", root.resolve("deploy/base").toString())
                .containsSequence("--services", "accounts,metering")
                .containsSequence(
                        "--crds",
                        root.resolve("services/accounts/target/classes/META-INF/fabric8")
                                + java.io.File.pathSeparator
                                + root.resolve("services/metering/target/classes/META-INF/fabric8"));
        assertThat(kubernetes.endpoint())
                .startsWith("https://127.0.0.1:" + plan.port("kubernetes"))
                .contains("real", "1.20.2", "kubelet stand-in");
        assertThat(plan.endpoints().kubeconfig())
                .isEqualTo(root.resolve(".sealcloud/kubeconfig").toString());
    }

    @Test
    void onTheRealControlPlaneEachServiceDrivesItWithItsOwnServiceAccountKubeconfig() throws IOException {
        new io.sealcloud.devstack.kube.RealClusterFiles(root.resolve(".sealcloud/data/kubernetes")).ensure();
        StackPlan plan = realPlan();
        ComponentSpec accounts = component(plan, "accounts");

        assertThat(accounts.env())
                .containsEntry(
                        "KUBECONFIG",
                        root.resolve(".sealcloud/data/kubernetes/kubeconfigs/accounts.kubeconfig")
                                .toString())
                .containsEntry("SEALCLOUD_OPERATOR_LEASE_NAMESPACE", "sealcloud-system")
                .containsEntry("SEALCLOUD_ACCOUNTS_KUBECONFIG_SERVER", "https://127.0.0.1:" + plan.port("kubernetes"))
                .containsEntry(
                        "SEALCLOUD_ACCOUNTS_KUBECONFIG_CERTIFICATE_AUTHORITY_DATA",
                        java.util.Base64.getEncoder()
                                .encodeToString(Files.readAllBytes(
                                        root.resolve(".sealcloud/data/kubernetes/pki/apiserver.crt"))));
        assertThat(component(plan, "metering").env())
                .containsEntry(
                        "KUBECONFIG",
                        root.resolve(".sealcloud/data/kubernetes/kubeconfigs/metering.kubeconfig")
                                .toString());
        assertThat(accounts.dependsOn()).containsExactly("postgres", "kafka", "kubernetes");
    }
}
