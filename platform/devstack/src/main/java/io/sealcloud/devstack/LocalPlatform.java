package io.sealcloud.devstack;

import io.sealcloud.devstack.kube.RealClusterFiles;
import io.sealcloud.testkit.KubernetesControlPlane;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code up}, {@code down} and {@code status} of the local platform. */
final class LocalPlatform {

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final long POLL_MILLIS = 250;

    private final StackLayout layout;
    private final Console console;
    private final ProcessSupervisor supervisor;
    private final Map<String, String> environment;

    LocalPlatform(StackLayout layout, Console console, Map<String, String> environment) {
        this.layout = layout;
        this.console = console;
        this.supervisor = new ProcessSupervisor(layout);
        this.environment = environment;
    }

    // ---------------------------------------------------------------------------------------------------- up

    int up() {
        return up(Optional.empty());
    }

    /** {@code up}, with the Kubernetes mode of {@code --kubernetes=} if given ({@link KubernetesMode#choose}). */
    int up(Optional<KubernetesMode> kubernetesFlag) {
        long started = System.nanoTime();
        List<ServiceModule> services = ServiceModule.discover(layout.services());
        List<String> unbuilt = services.stream()
                .filter(s -> !s.isBuilt())
                .map(s -> layout.root().relativize(s.runnerJar()).toString())
                .toList();
        if (!unbuilt.isEmpty()) {
            console.line("sealcloud: not built: " + String.join(", ", unbuilt) + " — run ./sealcloud up --build");
            return 1;
        }
        String userKubeconfig = environment.getOrDefault("KUBECONFIG", "").trim();
        StackState previous = StackState.load(layout.stateFile());
        KubernetesMode mode = KubernetesMode.choose(kubernetesFlag, userKubeconfig, previous.previousKubernetesMode());
        if (mode == KubernetesMode.EXTERNAL && userKubeconfig.isEmpty()) {
            console.line(
                    "sealcloud: --kubernetes=external drives the cluster of KUBECONFIG, and KUBECONFIG is not set");
            return 1;
        }
        String kubeconfig =
                mode.startsApiServer() ? layout.simulatedKubeconfig().toString() : userKubeconfig;
        List<String> missing = mode.startsApiServer()
                ? List.of()
                : java.util.Arrays.stream(userKubeconfig.split(java.io.File.pathSeparator))
                        .filter(file -> !file.isBlank() && !Files.isRegularFile(Path.of(file)))
                        .toList();
        if (!missing.isEmpty()) {
            console.line("sealcloud: KUBECONFIG names no file at " + String.join(", ", missing)
                    + " (unset KUBECONFIG to use the simulated API server)");
            return 1;
        }

        Map<String, List<String>> portKeys = StackPlan.portKeys(services, mode);
        Map<String, Boolean> running = new LinkedHashMap<>();
        portKeys.keySet()
                .forEach(name -> running.put(name, supervisor.running(name).isPresent()));
        boolean anyRunning = running.containsValue(true);
        if (anyRunning && !previous.isEmpty() && previous.kubernetesMode() != mode) {
            console.line("sealcloud: the running platform uses " + describe(previous.kubernetesMode()) + ", this up "
                    + (kubernetesFlag.isPresent()
                            ? "asks for --kubernetes=" + mode.id()
                            : mode == KubernetesMode.EXTERNAL ? "sets KUBECONFIG" : "has no KUBECONFIG")
                    + ": run ./sealcloud down first to switch");
            return 1;
        }
        if (kubernetesFlag.isPresent() && mode != KubernetesMode.EXTERNAL && !userKubeconfig.isEmpty()) {
            console.line("sealcloud: --kubernetes=" + mode.id() + ": KUBECONFIG=" + userKubeconfig
                    + " is ignored (the services drive the platform's own API server)");
        }
        Path kubeBinaries = null;
        if (mode == KubernetesMode.REAL) {
            try {
                kubeBinaries = kubeBinaries();
                // The certificate, signing key and tokens exist before the plan: the services' env names the CA.
                new RealClusterFiles(layout.dataDir(StackPlan.KUBERNETES)).ensure();
            } catch (RuntimeException e) {
                console.line("sealcloud: the real Kubernetes control plane is not available: " + e.getMessage());
                console.line("           (./sealcloud up --kubernetes=simulated runs without it)");
                return 1;
            }
        }

        PortAllocator allocator = new PortAllocator();
        Map<String, Integer> ports = new HashMap<>();
        StackState state = StackState.empty();
        portKeys.forEach((component, keys) -> keys.forEach(key -> {
            int port = running.get(component) && previous.port(key) != null
                    ? allocator.keep(previous.port(key))
                    : allocator.choose(previous.port(key), StackPlan.defaultPort(key, services));
            ports.put(key, port);
            state.port(key, port);
        }));
        state.kubernetes(mode, kubeconfig);
        state.services(services.stream().map(ServiceModule::name).toList());

        List<String> names = services.stream().map(ServiceModule::name).toList();
        if (running.get(StackPlan.GATEWAY)
                && !StackPlan.routes(names, ports::get).equals(StackPlan.routes(previous.services(), previous::port))) {
            // A service was added or moved to another port: the running gateway routes by its old table.
            console.line("sealcloud: the services changed; restarting the gateway with the new routes");
            supervisor.stop(StackPlan.GATEWAY, STOP_GRACE);
            running.put(StackPlan.GATEWAY, false);
        }
        KeycloakDistribution keycloak = keycloak();
        StackPlan plan =
                new StackPlan(layout, services, mode, kubeconfig, kubeBinaries, ports, keycloak, javaCommand());
        if (!running.containsValue(false)) {
            console.line("sealcloud is already up (" + layout.home() + ").");
            printEndpoints(plan);
            plan.endpoints().write(layout.endpointsEnv());
            return 0;
        }
        state.save(layout.stateFile());

        console.line("sealcloud: starting the local platform in " + layout.home());
        console.line("           Kubernetes: "
                + switch (mode) {
                    case SIMULATED ->
                        "SIMULATED API server (fabric8 mock server, CRUD only; --kubernetes=real for a real"
                                + " control plane)";
                    case REAL ->
                        "REAL control plane " + KubernetesControlPlane.VERSION + " (etcd, kube-apiserver,"
                                + " kube-controller-manager; a kubelet stand-in runs no containers)";
                    case EXTERNAL -> "the cluster of KUBECONFIG=" + kubeconfig;
                });
        if (!running.get(StackPlan.KEYCLOAK)) {
            long unpackStart = System.nanoTime();
            if (keycloak.ensureUnpacked(layout.root())) {
                console.line("           Keycloak " + keycloakVersion() + " unpacked into " + keycloak.home() + " in "
                        + Console.seconds(System.nanoTime() - unpackStart) + " (first run only)");
            }
            keycloak.installRealm(layout.realmFile());
        }
        return start(plan, running, started);
    }

    private int start(StackPlan plan, Map<String, Boolean> running, long started) {
        List<ComponentSpec> specs = plan.components();
        int total = specs.size();
        AtomicInteger done = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        Map<String, Long> startedAt = new ConcurrentHashMap<>();
        List<String> startedHere = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newCachedThreadPool(daemon("sealcloud-start"));
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("sealcloud-heartbeat"));
        AtomicBoolean finished = new AtomicBoolean();
        // Ctrl-C during up: stop what this run started rather than leave half a platform behind.
        Thread onInterrupt = new Thread(
                () -> {
                    if (!finished.get()) {
                        failed.set(true);
                        console.line("sealcloud up interrupted: stopping what this run started…");
                        stopAll(new ArrayList<>(startedHere));
                    }
                },
                "sealcloud-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);

        heartbeat.scheduleAtFixedRate(
                () -> {
                    List<String> waiting = startedAt.keySet().stream().sorted().toList();
                    if (!waiting.isEmpty() && !failed.get()) {
                        console.line("      … waiting for " + String.join(", ", waiting) + " ("
                                + Console.seconds(System.nanoTime() - started) + ")");
                    }
                },
                HEARTBEAT.toMillis(),
                HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);

        Map<String, CompletableFuture<Void>> ready = new LinkedHashMap<>();
        for (ComponentSpec spec : specs) {
            CompletableFuture<?>[] deps =
                    spec.dependsOn().stream().map(ready::get).toArray(CompletableFuture[]::new);
            ready.put(
                    spec.name(),
                    CompletableFuture.allOf(deps)
                            .thenRunAsync(
                                    () -> {
                                        if (failed.get()) {
                                            return;
                                        }
                                        String line;
                                        try {
                                            line = running.get(spec.name())
                                                    ? alreadyRunning(spec)
                                                    : launch(spec, failed, startedAt, startedHere);
                                        } catch (RuntimeException e) {
                                            throw new ComponentFailure(spec.name(), e.getMessage(), failed.get());
                                        }
                                        console.line(String.format(
                                                "[%d/%d] %-11s %s", done.incrementAndGet(), total, spec.name(), line));
                                    },
                                    pool)
                            .whenComplete((ok, error) -> {
                                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                                // A dependency's failure reaches its dependents too: report each failure once.
                                if (cause instanceof ComponentFailure failure
                                        && failure.component().equals(spec.name())) {
                                    failed.set(true);
                                    if (!failure.cancelled()) {
                                        failures.add(spec.name());
                                        report(spec, failure, done.incrementAndGet(), total);
                                    }
                                } else if (cause != null && !(cause instanceof ComponentFailure)) {
                                    failed.set(true);
                                    failures.add(spec.name());
                                    report(spec, cause, done.incrementAndGet(), total);
                                }
                            }));
        }
        try {
            CompletableFuture.allOf(ready.values().toArray(CompletableFuture[]::new))
                    .exceptionally(error -> null)
                    .join();
        } finally {
            heartbeat.shutdownNow();
        }
        if (failed.get()) {
            List<String> toStop = new ArrayList<>(startedHere);
            console.line("sealcloud up failed (" + String.join(", ", failures) + "): stopping what this run started"
                    + (toStop.isEmpty() ? "" : " (" + String.join(", ", toStop) + ")") + "…");
            stopAll(toStop);
            finished.set(true);
            pool.shutdownNow();
            return 1;
        }
        finished.set(true);
        pool.shutdownNow();
        removeHook(onInterrupt);
        plan.endpoints().write(layout.endpointsEnv());
        console.line("");
        console.line("sealcloud is up in " + Console.seconds(System.nanoTime() - started) + ".");
        printEndpoints(plan);
        return 0;
    }

    private String launch(
            ComponentSpec spec, AtomicBoolean failed, Map<String, Long> startedAt, List<String> startedHere) {
        long begin = System.nanoTime();
        if (!spec.hint().isEmpty()) {
            console.line("      " + spec.name() + ": " + spec.hint());
        }
        Process process = supervisor.start(spec);
        startedHere.add(spec.name());
        startedAt.put(spec.name(), begin);
        try {
            long deadline = begin + spec.startTimeout().toNanos();
            while (true) {
                if (failed.get()) {
                    throw new IllegalStateException("cancelled because another component failed");
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("exited with code " + process.exitValue() + " before it was ready");
                }
                if (passes(spec.probe())) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "not ready after " + spec.startTimeout().toSeconds() + " s");
                }
                sleep(POLL_MILLIS);
            }
        } finally {
            startedAt.remove(spec.name());
        }
        supervisor.adopt(spec.name(), spec.detachedPids().get());
        return "ready in " + Console.seconds(System.nanoTime() - begin) + "  " + spec.endpoint();
    }

    private String alreadyRunning(ComponentSpec spec) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!passes(spec.probe())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "runs (pid file) but does not answer; run ./sealcloud down and up again");
            }
            sleep(POLL_MILLIS);
        }
        return "already running  " + spec.endpoint();
    }

    private void report(ComponentSpec spec, Throwable cause, int index, int total) {
        Path log = layout.log(spec.name());
        List<String> lines = new ArrayList<>();
        lines.add(String.format("[%d/%d] %-11s FAILED: %s", index, total, spec.name(), cause.getMessage()));
        lines.add("      log: " + log + " (last lines):");
        Console.tail(log, 25).forEach(l -> lines.add("      | " + l));
        console.lines(lines);
    }

    private void printEndpoints(StackPlan plan) {
        Endpoints endpoints = plan.endpoints();
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("  Gateway     " + endpoints.gatewayUrl() + "   (/api/<service>/… → that service)");
        lines.add("  Keycloak    " + endpoints.keycloakUrl() + "   realm " + endpoints.realm() + ", client "
                + endpoints.clientId() + "; admin console " + endpoints.keycloakUrl() + "/admin ("
                + StackPlan.KEYCLOAK_ADMIN + " / " + StackPlan.KEYCLOAK_ADMIN_PASSWORD + ")");
        lines.add("  Kafka       " + endpoints.kafkaBootstrap());
        lines.add("  Kubernetes  "
                + switch (plan.kubernetesMode()) {
                    case SIMULATED -> "SIMULATED API server http://localhost:" + plan.port(StackPlan.KUBERNETES);
                    case REAL ->
                        "REAL control plane " + KubernetesControlPlane.VERSION + " " + plan.realApiServerUrl()
                                + " (kubelet stand-in: pods run nowhere)";
                    case EXTERNAL -> "your cluster (KUBECONFIG)";
                }
                + "   kubeconfig " + endpoints.kubeconfig() + " (admin)");
        for (ServiceModule service : plan.services()) {
            lines.add(String.format(
                    "  %-11s %s   (via gateway: %s/api/%s/)",
                    service.name(), plan.serviceUrl(service.name()), endpoints.gatewayUrl(), service.name()));
        }
        lines.add("  Logins      " + endpoints.demoUser() + " / " + endpoints.demoPassword() + " (user), "
                + endpoints.opsUser() + " / " + endpoints.opsPassword() + " (ops)");
        lines.add("  Files       " + layout.endpointsEnv() + " (source it), logs in " + layout.logs());
        lines.add("");
        lines.add("Try it:");
        lines.add("  TOKEN=$(curl -s -d grant_type=password -d client_id=" + endpoints.clientId() + " -d username="
                + endpoints.demoUser() + " -d password=" + endpoints.demoPassword() + " \\");
        lines.add("      " + endpoints.tokenUrl() + " | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')");
        lines.add("  curl -H \"Authorization: Bearer $TOKEN\" " + endpoints.gatewayUrl() + "/api/accounts/v1/me");
        lines.add("  kubectl --kubeconfig " + endpoints.kubeconfig() + " get workspaces");
        lines.add("");
        lines.add("Stop it: ./sealcloud down");
        console.lines(lines);
    }

    // -------------------------------------------------------------------------------------------------- down

    int down() {
        List<String> recorded = supervisor.recorded();
        if (recorded.isEmpty()) {
            console.line("sealcloud is not running (no pid files in " + layout.pids() + ").");
            deleteEndpoints();
            return 0;
        }
        long begin = System.nanoTime();
        List<ProcessHandle> before = recorded.stream()
                .flatMap(name -> PidFile.alive(layout.pidFile(name)).stream())
                .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()))
                .distinct()
                .toList();
        stopAll(recorded);
        List<ProcessHandle> left =
                before.stream().filter(ProcessHandle::isAlive).toList();
        deleteEndpoints();
        if (!left.isEmpty()) {
            console.line("sealcloud down: still running: "
                    + left.stream().map(p -> String.valueOf(p.pid())).toList());
            return 1;
        }
        console.line("sealcloud is down in " + Console.seconds(System.nanoTime() - begin) + "; none of its "
                + before.size() + " processes remains. Data kept in " + layout.data() + ".");
        return 0;
    }

    /** Stops the given components: applications and the gateway first, then the infrastructure they use. */
    private void stopAll(List<String> components) {
        List<String> apps = components.stream()
                .filter(c -> !StackPlan.INFRASTRUCTURE.contains(c))
                .toList();
        List<String> infrastructure =
                StackPlan.INFRASTRUCTURE.stream().filter(components::contains).toList();
        stopInParallel(apps);
        stopInParallel(infrastructure);
    }

    private void stopInParallel(List<String> components) {
        if (components.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(components.size(), daemon("sealcloud-stop"));
        try {
            List<CompletableFuture<Void>> stops = components.stream()
                    .map(name -> CompletableFuture.runAsync(
                            () -> {
                                long begin = System.nanoTime();
                                Optional<ProcessHandle> main = supervisor.running(name);
                                int count = supervisor.stop(name, STOP_GRACE);
                                console.line(String.format(
                                        "  stopped %-11s %s",
                                        name,
                                        count == 0
                                                ? "(was not running)"
                                                : "pid "
                                                        + main.map(p -> String.valueOf(p.pid()))
                                                                .orElse("?")
                                                        + ", " + count + " process" + (count == 1 ? "" : "es")
                                                        + " in " + Console.seconds(System.nanoTime() - begin)));
                            },
                            pool))
                    .toList();
            stops.forEach(f -> {
                try {
                    f.join();
                } catch (RuntimeException e) {
                    console.line("  " + e.getMessage());
                }
            });
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------------------ status

    int status() {
        StackState state = StackState.load(layout.stateFile());
        if (state.isEmpty()) {
            console.line("sealcloud has not been started here (" + layout.home() + ").");
            return 1;
        }
        List<ServiceModule> services = state.services().stream()
                .map(name -> new ServiceModule(name, layout.services().resolve(name)))
                .toList();
        Map<String, Integer> ports = new HashMap<>();
        StackPlan.portKeys(services, state.kubernetesMode())
                .values()
                .forEach(keys -> keys.forEach(
                        key -> Optional.ofNullable(state.port(key)).ifPresent(port -> ports.put(key, port))));
        StackPlan plan = new StackPlan(
                layout,
                services,
                state.kubernetesMode(),
                state.kubeconfig().orElse(""),
                null,
                ports,
                keycloak(),
                javaCommand());
        int up = 0;
        long totalRss = 0;
        List<ComponentSpec> specs = plan.components();
        List<String> lines = new ArrayList<>();
        lines.add("sealcloud local platform (" + layout.home() + "):");
        for (ComponentSpec spec : specs) {
            List<ProcessHandle> processes = PidFile.alive(layout.pidFile(spec.name()));
            Optional<ProcessHandle> main = supervisor.running(spec.name());
            String health;
            if (main.isEmpty()) {
                health = "stopped";
            } else {
                up++;
                long rss = ResidentMemory.ofTrees(processes);
                totalRss += rss;
                health = (passes(spec.probe()) ? "running" : "NOT READY") + "  pid "
                        + main.get().pid() + "  " + ResidentMemory.format(rss);
            }
            lines.add(String.format("  %-11s %-34s %s", spec.name(), health, spec.endpoint()));
        }
        if (state.kubernetesMode() == KubernetesMode.EXTERNAL) {
            lines.add(String.format("  %-11s %-34s %s", "kubernetes", "external", "KUBECONFIG=" + plan.kubeconfig()));
        }
        lines.add(
                up == specs.size()
                        ? "All " + up + " components run; resident memory " + ResidentMemory.format(totalRss)
                                + ". Endpoints: " + layout.endpointsEnv()
                        : up + " of " + specs.size() + " components run.");
        console.lines(lines);
        return up == specs.size() ? 0 : 1;
    }

    // --------------------------------------------------------------------------------------------- helpers

    private static String describe(KubernetesMode mode) {
        return switch (mode) {
            case SIMULATED -> "the simulated API server";
            case REAL -> "the real control plane (--kubernetes=real)";
            case EXTERNAL -> "KUBECONFIG";
        };
    }

    /**
     * The directory of etcd, kube-apiserver and kube-controller-manager: {@code SEALCLOUD_KUBE_BIN}, else the cache of
     * {@link KubernetesControlPlane#BUILD_SCRIPT}, which builds them first when they are missing (once per machine,
     * about ten minutes on two cores) — its progress lines are shown, its whole output is kept in a log.
     */
    private Path kubeBinaries() {
        String explicit = environment.getOrDefault("SEALCLOUD_KUBE_BIN", "").trim();
        if (!explicit.isEmpty()) {
            Path dir = Path.of(explicit);
            for (String binary : List.of("etcd", "kube-apiserver", "kube-controller-manager")) {
                if (!Files.isExecutable(dir.resolve(binary))) {
                    throw new IllegalStateException("SEALCLOUD_KUBE_BIN=" + dir + " has no executable " + binary);
                }
            }
            return dir;
        }
        Path script = layout.root().resolve(KubernetesControlPlane.BUILD_SCRIPT);
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException(script + " is missing");
        }
        if (runScript(script, "--check", null) != 0) {
            Path log = layout.log("control-plane-build");
            console.line("sealcloud: building the Kubernetes control plane " + KubernetesControlPlane.VERSION
                    + " once (etcd, kube-apiserver, kube-controller-manager from Debian's source package; about ten"
                    + " minutes on two cores; full log in " + log + ")");
            long begin = System.nanoTime();
            if (runScript(script, "", log) != 0) {
                List<String> lines = new ArrayList<>();
                lines.add("sealcloud: building the control plane failed; last lines of " + log + ":");
                Console.tail(log, 25).forEach(l -> lines.add("      | " + l));
                console.lines(lines);
                throw new IllegalStateException("the build script " + script + " failed");
            }
            console.line("           built in " + Console.seconds(System.nanoTime() - begin)
                    + " (cached for every later up and test run)");
        }
        List<String> out = new ArrayList<>();
        if (runScript(script, "--print-dir", null, out) != 0 || out.isEmpty()) {
            throw new IllegalStateException(script + " --print-dir failed");
        }
        return Path.of(out.get(out.size() - 1).trim());
    }

    private int runScript(Path script, String argument, Path log) {
        return runScript(script, argument, log, new ArrayList<>());
    }

    /**
     * Runs the build script; its stdout lines go to {@code stdout}; its stderr (progress and the build's output) to
     * {@code log} if given, the {@code [control-plane]} progress lines also to the console.
     */
    private int runScript(Path script, String argument, Path log, List<String> stdout) {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        if (!argument.isEmpty()) {
            command.add(argument);
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (log == null) {
                builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            } else {
                Files.createDirectories(log.getParent());
                builder.redirectErrorStream(true);
            }
            Process process = builder.start();
            try (var reader = process.inputReader(java.nio.charset.StandardCharsets.UTF_8);
                    var writer = log == null
                            ? null
                            : Files.newBufferedWriter(log, java.nio.charset.StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (writer != null) {
                        writer.write(line);
                        writer.newLine();
                        writer.flush();
                    }
                    if (line.startsWith("[control-plane]")) {
                        console.line("           " + line);
                    } else if (log == null) {
                        stdout.add(line);
                    }
                }
            }
            return process.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private KeycloakDistribution keycloak() {
        return new KeycloakDistribution(layout.keycloakHome(), keycloakVersion());
    }

    static String keycloakVersion() {
        Properties properties = new Properties();
        try (InputStream in = LocalPlatform.class.getResourceAsStream("devstack.properties")) {
            if (in == null) {
                throw new IllegalStateException("devstack.properties missing from the launcher's classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("keycloak.version");
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void deleteEndpoints() {
        try {
            Files.deleteIfExists(layout.endpointsEnv());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook runs and sees finished = true.
        }
    }

    /** A component that did not become ready; {@code cancelled} when it was stopped for another's failure. */
    private static final class ComponentFailure extends RuntimeException {
        private final String component;
        private final boolean cancelled;

        ComponentFailure(String component, String message, boolean cancelled) {
            super(message, null, false, false);
            this.component = component;
            this.cancelled = cancelled;
        }

        String component() {
            return component;
        }

        boolean cancelled() {
            return cancelled;
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
