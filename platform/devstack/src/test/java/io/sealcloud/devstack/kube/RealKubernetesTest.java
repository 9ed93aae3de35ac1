package io.sealcloud.devstack.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sealcloud.testkit.KubeletStandIn;
import io.sealcloud.testkit.KubernetesControlPlane;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code kubernetes} component of {@code ./sealcloud up --kubernetes=real}, run as the launcher runs it (its own
 * process with the cached binaries): each service's identity is exactly its deploy/ RBAC, decided by the API server;
 * the kubelet stand-in runs pods; the state survives a restart; and no process outlives the component.
 */
class RealKubernetesTest {

    @TempDir
    Path dir;

    @Test
    void runsTheControlPlaneWithEachServicesOwnIdentityKeepsItsStateAndLeavesNoProcessBehind() throws Exception {
        Path data = dir.resolve("data");
        Path admin = dir.resolve("admin.kubeconfig");
        int apiPort = freePort();
        Process first = start(data, admin, apiPort, "first");
        List<ProcessHandle> firstTree = tree(first);
        assertThat(firstTree).hasSizeGreaterThanOrEqualTo(6); // three watchdogs and etcd, apiserver, controller manager

        try (KubernetesClient cluster = client(admin)) {
            assertThat(cluster.apiextensions()
                            .v1()
                            .customResourceDefinitions()
                            .withName("workspaces.accounts.sealcloud.io")
                            .get())
                    .isNotNull();
            assertThat(cluster.nodes().withName(KubeletStandIn.NODE).get()).isNotNull();
            cluster.pods()
                    .inNamespace("default")
                    .resource(new PodBuilder()
                            .withNewMetadata()
                            .withName("kept")
                            .endMetadata()
                            .withNewSpec()
                            .addNewContainer()
                            .withName("c")
                            .withImage("nginx:1.25")
                            .endContainer()
                            .endSpec()
                            .build())
                    .create();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> "Running"
                            .equals(phase(cluster.pods()
                                    .inNamespace("default")
                                    .withName("kept")
                                    .get())));
        }
        RealClusterFiles files = new RealClusterFiles(data);
        try (KubernetesClient accounts = client(files.serviceKubeconfig("accounts"));
                KubernetesClient metering = client(files.serviceKubeconfig("metering"))) {
            // deploy/base/accounts: namespaces yes, Secrets no.
            assertThat(accounts.namespaces().list().getItems()).isNotEmpty();
            assertForbidden(() -> accounts.secrets().inNamespace("kube-system").list());
            // deploy/base/metering: it only reads; writing a namespace is refused.
            assertThat(metering.pods().inAnyNamespace().list().getItems()).isNotEmpty();
            assertForbidden(() -> metering.namespaces()
                    .resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                            .withNewMetadata()
                            .withName("not-allowed")
                            .endMetadata()
                            .build())
                    .create());
        }

        // down: SIGTERM to the whole tree at once, as ProcessSupervisor does.
        firstTree.forEach(ProcessHandle::destroy);
        first.toHandle().destroy();
        assertAllExit(first.toHandle(), firstTree);

        Process second = start(data, admin, apiPort, "second");
        List<ProcessHandle> secondTree = tree(second);
        try (KubernetesClient cluster = client(admin)) {
            assertThat(cluster.pods().inNamespace("default").withName("kept").get())
                    .as("etcd's data is kept from one start to the next")
                    .isNotNull();
        }
        // The component's JVM killed outright (no shutdown hook): the watchdogs still end etcd and the API server.
        second.toHandle().destroyForcibly();
        assertAllExit(second.toHandle(), secondTree);
    }

    private Process start(Path data, Path admin, int apiPort, String run) throws IOException {
        Path log = dir.resolve("kubernetes-" + run + ".log");
        Path crds = Path.of("src/test/resources/crds").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                RealKubernetes.class.getName(),
                "--bin",
                KubernetesControlPlane.binaries().toString(),
                "--dir",
                data.toString(),
                "--logs",
                dir.resolve("logs").toString(),
                "--port",
                String.valueOf(apiPort),
                "--etcd-port",
                String.valueOf(freePort()),
                "--etcd-peer-port",
                String.valueOf(freePort()),
                "--kubeconfig",
                admin.toString(),
                "--crds",
                crds.toString(),
                "--deploy",
                Path.of("../../deploy/base").toAbsolutePath().normalize().toString(),
                "--services",
                "accounts,metering"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            await().atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError(
                                    "exited with " + process.exitValue() + ":\n" + Files.readString(log));
                        }
                        return Files.readString(log).contains(RealKubernetes.READY);
                    });
        } catch (RuntimeException | AssertionError e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw e;
        }
        return process;
    }

    private static List<ProcessHandle> tree(Process process) {
        return process.descendants().toList();
    }

    private static void assertAllExit(ProcessHandle root, List<ProcessHandle> tree) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !root.isAlive() && tree.stream().noneMatch(ProcessHandle::isAlive));
    }

    private static void assertForbidden(Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e ->
                        assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    }

    private static String phase(Pod pod) {
        return pod == null || pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    private static KubernetesClient client(Path kubeconfig) throws IOException {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
