package io.sealcloud.devstack;

import io.sealcloud.devstack.kube.RealClusterFiles;
import io.sealcloud.devstack.kube.RealKubernetes;
import io.sealcloud.testkit.KubernetesControlPlane;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The components of the local platform and how each runs: commands, environment, ports, readiness and start
 * order. Pure: it starts nothing, so tests can check what a service would be given.
 */
final class StackPlan {

    static final String REALM = "sealcloud";
    static final String CLIENT_ID = "sealcloud-web";
    // The realm file's local-only users (deploy/keycloak/sealcloud-realm.json).
    static final String DEMO_USER = "demo";
    static final String DEMO_PASSWORD = "demo-password-1";
    static final String OPS_USER = "ops";
    static final String OPS_PASSWORD = "ops-password-1";
    // Keycloak's bootstrap admin: created on the first start only, reachable from this machine only.
    static final String KEYCLOAK_ADMIN = "admin";
    static final String KEYCLOAK_ADMIN_PASSWORD = "admin";

    static final String POSTGRES = "postgres";
    static final String KAFKA = "kafka";
    static final String KUBERNETES = "kubernetes";
    static final String KEYCLOAK = "keycloak";
    static final String GATEWAY = "gateway";
    // The real control plane's etcd (client and peer ports); the API server has the kubernetes port.
    static final String KUBERNETES_ETCD = KUBERNETES + "-etcd";
    static final String KUBERNETES_ETCD_PEER = KUBERNETES + "-etcd-peer";

    /** Infrastructure, stopped after the services that use it. */
    static final List<String> INFRASTRUCTURE = List.of(KEYCLOAK, KUBERNETES, KAFKA, POSTGRES);

    // Stable defaults: a second run and the docs agree on them unless something else holds them.
    private static final Map<String, Integer> DEFAULT_PORTS = Map.ofEntries(
            Map.entry(GATEWAY, 8080),
            Map.entry(KEYCLOAK, 8180),
            Map.entry(KEYCLOAK + "-management", 9180),
            Map.entry(KAFKA, 9092),
            Map.entry(KAFKA + "-controller", 9093),
            Map.entry(POSTGRES, 5432),
            Map.entry(KUBERNETES, 6443),
            Map.entry(KUBERNETES_ETCD, 2379),
            Map.entry(KUBERNETES_ETCD_PEER, 2380),
            Map.entry("accounts", 8081),
            Map.entry("metering", 8082),
            Map.entry("appstore", 8083),
            Map.entry("clusters", 8084),
            Map.entry("terminal", 8085));

    private static final String POSTGRES_PASSWORD = "postgres";
    private static final String LAUNCHER_JVM = "-XX:+UseSerialGC";
    // Services locally, as the launcher's own JVMs: the C1 compiler alone. On two cores the C2 compiler thread took
    // about a fifth of the start's CPU, and its code cache and arenas ≈ 30 MB of RSS (docs/benchmarks/README.md).
    private static final List<String> SERVICE_JVM = List.of("-XX:TieredStopAtLevel=1");

    private final StackLayout layout;
    private final List<ServiceModule> services;
    private final KubernetesMode kubernetesMode;
    private final String kubeconfig;
    private final Path kubeBinaries;
    private final Map<String, Integer> ports;
    private final KeycloakDistribution keycloak;
    private final String java;

    /** A plan with the simulated API server ({@code simulatedKubernetes}) or the user's cluster. */
    StackPlan(
            StackLayout layout,
            List<ServiceModule> services,
            boolean simulatedKubernetes,
            String kubeconfig,
            Map<String, Integer> ports,
            KeycloakDistribution keycloak,
            String java) {
        this(
                layout,
                services,
                simulatedKubernetes ? KubernetesMode.SIMULATED : KubernetesMode.EXTERNAL,
                kubeconfig,
                null,
                ports,
                keycloak,
                java);
    }

    /**
     * A plan in any Kubernetes mode; {@code kubeBinaries} is the directory of etcd, kube-apiserver and
     * kube-controller-manager (used by {@link KubernetesMode#REAL} only).
     */
    StackPlan(
            StackLayout layout,
            List<ServiceModule> services,
            KubernetesMode kubernetesMode,
            String kubeconfig,
            Path kubeBinaries,
            Map<String, Integer> ports,
            KeycloakDistribution keycloak,
            String java) {
        this.layout = layout;
        this.services = List.copyOf(services);
        this.kubernetesMode = kubernetesMode;
        this.kubeconfig = kubeconfig;
        this.kubeBinaries = kubeBinaries;
        this.ports = Map.copyOf(ports);
        this.keycloak = keycloak;
        this.java = java;
    }

    /** The port keys of each component, in start order; a component's first key is its main port. */
    static Map<String, List<String>> portKeys(List<ServiceModule> services, boolean simulatedKubernetes) {
        return portKeys(services, simulatedKubernetes ? KubernetesMode.SIMULATED : KubernetesMode.EXTERNAL);
    }

    /** The port keys of each component in {@code mode}, in start order; a component's first key is its main port. */
    static Map<String, List<String>> portKeys(List<ServiceModule> services, KubernetesMode mode) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put(POSTGRES, List.of(POSTGRES));
        keys.put(KAFKA, List.of(KAFKA, KAFKA + "-controller"));
        if (mode == KubernetesMode.SIMULATED) {
            keys.put(KUBERNETES, List.of(KUBERNETES));
        } else if (mode == KubernetesMode.REAL) {
            keys.put(KUBERNETES, List.of(KUBERNETES, KUBERNETES_ETCD, KUBERNETES_ETCD_PEER));
        }
        keys.put(KEYCLOAK, List.of(KEYCLOAK, KEYCLOAK + "-management"));
        for (ServiceModule service : services) {
            keys.put(service.name(), List.of(service.name(), service.name() + "-management"));
        }
        keys.put(GATEWAY, List.of(GATEWAY));
        return keys;
    }

    /** The preferred port for {@code key}; services without a fixed slot get one from 8090 and 9090 on. */
    static int defaultPort(String key, List<ServiceModule> services) {
        Integer fixed = DEFAULT_PORTS.get(key);
        if (fixed != null) {
            return fixed;
        }
        boolean management = key.endsWith("-management");
        String name = management ? key.substring(0, key.length() - "-management".length()) : key;
        Integer http = DEFAULT_PORTS.get(name);
        if (management && http != null) {
            return http + 1000;
        }
        int index = services.stream().map(ServiceModule::name).toList().indexOf(name);
        return (management ? 9090 : 8090) + Math.max(index, 0);
    }

    int port(String key) {
        Integer port = ports.get(key);
        if (port == null) {
            throw new IllegalStateException("No port chosen for " + key);
        }
        return port;
    }

    boolean simulatedKubernetes() {
        return kubernetesMode == KubernetesMode.SIMULATED;
    }

    KubernetesMode kubernetesMode() {
        return kubernetesMode;
    }

    /** The real control plane's files (certificate, tokens, etcd data, the services' kubeconfigs). */
    RealClusterFiles realCluster() {
        return new RealClusterFiles(layout.dataDir(KUBERNETES));
    }

    /** {@code https://127.0.0.1:<port>} of the real API server. */
    String realApiServerUrl() {
        return "https://127.0.0.1:" + port(KUBERNETES);
    }

    String kubeconfig() {
        return kubeconfig;
    }

    List<ServiceModule> services() {
        return services;
    }

    /** The components in start order (dependencies first). */
    List<ComponentSpec> components() {
        List<ComponentSpec> specs = new ArrayList<>();
        specs.add(postgres());
        specs.add(kafka());
        if (kubernetesMode == KubernetesMode.SIMULATED) {
            specs.add(kubernetes());
        } else if (kubernetesMode == KubernetesMode.REAL) {
            specs.add(realKubernetes());
        }
        specs.add(keycloak());
        services.forEach(service -> specs.add(service(service)));
        specs.add(gateway());
        return specs;
    }

    Endpoints endpoints() {
        return new Endpoints(
                gatewayUrl(),
                keycloakUrl(),
                REALM,
                CLIENT_ID,
                "localhost:" + port(KAFKA),
                kubeconfig,
                DEMO_USER,
                DEMO_PASSWORD,
                OPS_USER,
                OPS_PASSWORD);
    }

    String gatewayUrl() {
        return "http://localhost:" + port(GATEWAY);
    }

    String keycloakUrl() {
        return "http://localhost:" + port(KEYCLOAK);
    }

    String serviceUrl(String service) {
        return "http://localhost:" + port(service);
    }

    private ComponentSpec postgres() {
        Path dir = layout.dataDir(POSTGRES);
        List<String> command = launcherJava("-Xmx256m", "io.sealcloud.testkit.EmbeddedPostgresServer");
        command.addAll(List.of("--dir", dir.toString(), "--port", String.valueOf(port(POSTGRES))));
        if (!services.isEmpty()) {
            command.addAll(List.of(
                    "--databases",
                    String.join(",", services.stream().map(ServiceModule::name).toList())));
        }
        return new ComponentSpec(
                POSTGRES,
                command,
                Map.of(),
                dir,
                "localhost:" + port(POSTGRES),
                Probe.logLine(layout.log(POSTGRES), "POSTGRES READY")
                        .and(Probe.tcp(port(POSTGRES)))
                        .and(Probe.databases(
                                port(POSTGRES),
                                "postgres",
                                POSTGRES_PASSWORD,
                                services.stream().map(ServiceModule::name).toList())),
                Duration.ofSeconds(180),
                List.of(),
                postmasterPid(dir.resolve("data/postmaster.pid")),
                "");
    }

    // pg_ctl starts the postmaster in a session of its own: it is no descendant of the launcher's process.
    private static Supplier<List<Long>> postmasterPid(Path pidFile) {
        return () -> {
            try {
                List<String> lines = Files.readAllLines(pidFile);
                return lines.isEmpty()
                        ? List.of()
                        : List.of(Long.parseLong(lines.get(0).trim()));
            } catch (IOException | NumberFormatException e) {
                return List.of();
            }
        };
    }

    private ComponentSpec kafka() {
        Path dir = layout.dataDir(KAFKA);
        List<String> command = launcherJava("-Xmx512m", "io.sealcloud.testkit.EmbeddedKafka");
        command.addAll(List.of(
                "--dir",
                dir.toString(),
                "--port",
                String.valueOf(port(KAFKA)),
                "--controller-port",
                String.valueOf(port(KAFKA + "-controller"))));
        return new ComponentSpec(
                KAFKA,
                command,
                Map.of(),
                dir,
                "localhost:" + port(KAFKA),
                Probe.logLine(layout.log(KAFKA), "KAFKA READY").and(Probe.tcp(port(KAFKA))),
                Duration.ofSeconds(180),
                List.of(),
                List::of,
                "");
    }

    private ComponentSpec kubernetes() {
        Path dir = layout.dataDir(KUBERNETES);
        List<String> command = launcherJava("-Xmx256m", "io.sealcloud.devstack.kube.SimulatedKubernetes");
        command.addAll(List.of(
                "--port",
                String.valueOf(port(KUBERNETES)),
                "--kubeconfig",
                kubeconfig,
                "--state",
                dir.resolve("state.json").toString(),
                "--crds",
                String.join(
                        File.pathSeparator,
                        services.stream().map(s -> s.crdDir().toString()).toList())));
        return new ComponentSpec(
                KUBERNETES,
                command,
                Map.of(),
                dir,
                "http://localhost:" + port(KUBERNETES) + " (simulated)",
                Probe.http("http://localhost:" + port(KUBERNETES) + "/readyz"),
                Duration.ofSeconds(180),
                List.of(),
                List::of,
                "");
    }

    private ComponentSpec realKubernetes() {
        Path dir = layout.dataDir(KUBERNETES);
        List<String> command = launcherJava("-Xmx256m", RealKubernetes.class.getName());
        command.addAll(List.of(
                "--bin",
                kubeBinaries == null ? "" : kubeBinaries.toString(),
                "--dir",
                dir.toString(),
                "--logs",
                layout.logs().toString(),
                "--port",
                String.valueOf(port(KUBERNETES)),
                "--etcd-port",
                String.valueOf(port(KUBERNETES_ETCD)),
                "--etcd-peer-port",
                String.valueOf(port(KUBERNETES_ETCD_PEER)),
                "--kubeconfig",
                kubeconfig,
                "--crds",
                String.join(
                        File.pathSeparator,
                        services.stream().map(s -> s.crdDir().toString()).toList()),
                "--deploy",
                layout.deployBase().toString(),
                "--services",
                String.join(",", services.stream().map(ServiceModule::name).toList())));
        return new ComponentSpec(
                KUBERNETES,
                command,
                Map.of(),
                dir,
                realApiServerUrl() + " (real: Kubernetes " + KubernetesControlPlane.VERSION
                        + ", kubelet stand-in; etcd localhost:" + port(KUBERNETES_ETCD) + ")",
                Probe.logLine(layout.log(KUBERNETES), RealKubernetes.READY).and(Probe.tcp(port(KUBERNETES))),
                // etcd + API server + controller manager + CRDs + identities: ≈ 15 s idle, minutes on a busy machine.
                Duration.ofSeconds(600),
                List.of(),
                List::of,
                "");
    }

    private ComponentSpec keycloak() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", KEYCLOAK_ADMIN);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", KEYCLOAK_ADMIN_PASSWORD);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        // kc.sh's default heap is a share of the machine's memory; a local realm needs far less.
        env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        List<String> command = List.of(
                keycloak.kcScript().toString(),
                "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + port(KEYCLOAK),
                "--http-management-port=" + port(KEYCLOAK + "-management"),
                "--import-realm");
        return new ComponentSpec(
                KEYCLOAK,
                command,
                env,
                keycloak.home(),
                keycloakUrl(),
                Probe.http(keycloakUrl() + "/realms/" + REALM + "/.well-known/openid-configuration"),
                // The first start augments the distribution: ≈ 35 s on an idle laptop, minutes on a busy machine.
                Duration.ofSeconds(keycloak.firstStart() ? 900 : 300),
                List.of(),
                List::of,
                keycloak.firstStart()
                        ? "first start augments the Keycloak distribution (≈ 35 s; later starts ≈ 9 s)"
                        : "");
    }

    private ComponentSpec service(ServiceModule service) {
        String name = service.name();
        int postgres = port(POSTGRES);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port(name)));
        // Only used by a service that enables Quarkus' management interface; without it every one would take 9000.
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(port(name + "-management")));
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://localhost:" + postgres + "/" + name);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + postgres + "/" + name);
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", POSTGRES_PASSWORD);
        env.put("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + port(KAFKA));
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", keycloakUrl() + "/realms/" + REALM);
        if (kubernetesMode == KubernetesMode.REAL) {
            // Its own ServiceAccount's token with the RBAC of deploy/base/<name>/, not the admin's.
            env.put("KUBECONFIG", realCluster().serviceKubeconfig(name).toString());
            // Where deploy/ grants the service its Lease (a Role in the ServiceAccount's namespace).
            env.put("SEALCLOUD_OPERATOR_LEASE_NAMESPACE", RealKubernetes.SYSTEM_NAMESPACE);
            // The kubeconfigs accounts issues to members name this API server and trust its certificate.
            env.put("SEALCLOUD_ACCOUNTS_KUBECONFIG_SERVER", realApiServerUrl());
            env.put(
                    "SEALCLOUD_ACCOUNTS_KUBECONFIG_CERTIFICATE_AUTHORITY_DATA",
                    realCluster().caData());
        } else {
            env.put("KUBECONFIG", kubeconfig);
            env.put("SEALCLOUD_OPERATOR_LEASE_NAMESPACE", "default");
        }
        // glibc's default of 8 malloc arenas per core is for allocation-heavy native code; the JVM allocates little
        // outside its heap, and two arenas save ≈ 8 MB of RSS per service (docs/benchmarks/README.md).
        env.put("MALLOC_ARENA_MAX", "2");
        // Production logs are JSON lines for a log collector; the local platform's log files are read by people.
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        // The service runs from its jar's directory (below); what it writes goes to its data directory instead.
        env.put(
                "QUARKUS_TRANSACTION_MANAGER_OBJECT_STORE_DIRECTORY",
                layout.dataDir(name).resolve("ObjectStore").toString());
        // docs/benchmarks/README.md measures each of these flags.
        List<String> command = new ArrayList<>(List.of(java, LAUNCHER_JVM, "-Xms32m", "-Xmx512m"));
        command.addAll(SERVICE_JVM);
        command.add("-XX:+ExitOnOutOfMemoryError");
        if (Files.isRegularFile(service.cdsArchive())) {
            // Classes the start loads come mapped from the archive instead of parsed and verified from the jars. The
            // archive names the jar relatively, hence the working directory and the relative -jar below; if the jar
            // or the JDK changed since the archive was written, the JVM ignores it (-Xshare:auto, the default).
            command.add("-XX:SharedArchiveFile=" + service.cdsArchive().getFileName());
        }
        command.addAll(List.of("-jar", service.runnerJar().getFileName().toString()));
        List<String> dependsOn = new ArrayList<>(List.of(POSTGRES, KAFKA));
        if (kubernetesMode.startsApiServer()) {
            dependsOn.add(KUBERNETES);
        }
        String health = "/q/health/ready";
        Probe ready = anyOf(
                Probe.http(serviceUrl(name) + health),
                Probe.http("http://localhost:" + port(name + "-management") + health));
        return new ComponentSpec(
                name,
                command,
                env,
                service.appDir(),
                serviceUrl(name),
                ready,
                Duration.ofSeconds(300),
                dependsOn,
                List::of,
                "");
    }

    private ComponentSpec gateway() {
        List<String> command = launcherJava("-Xmx96m", "io.sealcloud.devstack.gateway.GatewayMain");
        command.addAll(List.of(
                "--port",
                String.valueOf(port(GATEWAY)),
                "--routes",
                routes(services.stream().map(ServiceModule::name).toList(), this::port)));
        return new ComponentSpec(
                GATEWAY,
                command,
                Map.of(),
                layout.dataDir(GATEWAY),
                gatewayUrl(),
                Probe.http(gatewayUrl() + "/healthz"),
                Duration.ofSeconds(180),
                List.of(),
                List::of,
                "");
    }

    private List<String> launcherJava(String heap, String mainClass) {
        List<String> command = new ArrayList<>(List.of(java, LAUNCHER_JVM, heap));
        if (!mainClass.endsWith("EmbeddedKafka")) {
            // Light workloads: the C1 compiler alone starts faster and takes less CPU from the rest of the stack.
            command.add("-XX:TieredStopAtLevel=1");
        }
        // jboss-logmanager is on the classpath (through the testkit): make it the JUL manager, as Quarkus does.
        command.addAll(List.of(
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp",
                layout.launcherClasspath(),
                mainClass));
        return command;
    }

    /** The gateway's route table: {@code accounts=8081,metering=8082}. */
    static String routes(List<String> services, java.util.function.Function<String, Integer> port) {
        return String.join(
                ",", services.stream().map(s -> s + "=" + port.apply(s)).toList());
    }

    private static Probe anyOf(Probe first, Probe second) {
        return () -> passes(first) || passes(second);
    }

    private static boolean passes(Probe probe) {
        try {
            return probe.ready();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}
