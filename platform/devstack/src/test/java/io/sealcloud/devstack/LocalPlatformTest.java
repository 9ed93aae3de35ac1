package io.sealcloud.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's refusals and no-ops: what it says without starting anything. */
class LocalPlatformTest {

    @TempDir
    Path root;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @BeforeEach
    void checkout() throws IOException {
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.writeString(root.resolve("sealcloud"), "#!/usr/bin/env bash");
        Files.createDirectories(root.resolve("services/accounts"));
        Files.writeString(root.resolve("services/accounts/pom.xml"), "<project/>");
    }

    private LocalPlatform platform(Map<String, String> environment) {
        return new LocalPlatform(
                new StackLayout(root), new Console(new PrintStream(output, true, StandardCharsets.UTF_8)), environment);
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void refusesToStartAServiceThatIsNotBuilt() {
        int exit = platform(Map.of()).up();

        assertThat(exit).isEqualTo(1);
        assertThat(printed())
                .contains("services/accounts/target/quarkus-app/quarkus-run.jar")
                .contains("./sealcloud up --build");
        assertThat(root.resolve(".sealcloud/pids")).doesNotExist();
    }

    @Test
    void refusesAKubeconfigThatDoesNotExist() throws IOException {
        Files.createDirectories(root.resolve("services/accounts/target/quarkus-app"));
        Files.writeString(root.resolve("services/accounts/target/quarkus-app/quarkus-run.jar"), "");

        int exit = platform(Map.of("KUBECONFIG", root.resolve("missing-config").toString()))
                .up();

        assertThat(exit).isEqualTo(1);
        assertThat(printed()).contains("KUBECONFIG names no file").contains("missing-config");
    }

    @Test
    void downWithNothingRunningSaysSoAndSucceeds() {
        int exit = platform(Map.of()).down();

        assertThat(exit).isZero();
        assertThat(printed()).contains("not running");
    }

    @Test
    void statusBeforeAnyUpSaysItWasNeverStarted() {
        int exit = platform(Map.of()).status();

        assertThat(exit).isEqualTo(1);
        assertThat(printed()).contains("has not been started");
    }

    @Test
    void locatesTheCheckoutFromADirectoryInsideIt() throws IOException {
        Path nested = Files.createDirectories(root.resolve("services/accounts/src"));

        assertThat(StackLayout.locate(nested).root())
                .isEqualTo(root.toAbsolutePath().normalize());
    }

    private void built() throws IOException {
        Files.createDirectories(root.resolve("services/accounts/target/quarkus-app"));
        Files.writeString(root.resolve("services/accounts/target/quarkus-app/quarkus-run.jar"), "");
    }

    @Test
    void refusesToSwitchTheKubernetesModeOfARunningPlatform() throws IOException {
        built();
        StackState state = StackState.empty();
        state.port("postgres", 5432);
        state.kubernetes(
                KubernetesMode.SIMULATED, root.resolve(".sealcloud/kubeconfig").toString());
        state.save(new StackLayout(root).stateFile());
        // A live process in the pid file: this JVM stands in for a running component (nothing signals it here).
        PidFile.write(new StackLayout(root).pidFile("postgres"), java.util.List.of(ProcessHandle.current()));

        int exit = platform(Map.of()).up(java.util.Optional.of(KubernetesMode.REAL));

        assertThat(exit).isEqualTo(1);
        assertThat(printed())
                .contains("uses the simulated API server")
                .contains("--kubernetes=real")
                .contains("./sealcloud down first");
        assertThat(StackState.load(new StackLayout(root).stateFile()).kubernetesMode())
                .isEqualTo(KubernetesMode.SIMULATED);
    }

    @Test
    void refusesExternalKubernetesWithoutKubeconfig() throws IOException {
        built();

        int exit = platform(Map.of()).up(java.util.Optional.of(KubernetesMode.EXTERNAL));

        assertThat(exit).isEqualTo(1);
        assertThat(printed()).contains("KUBECONFIG is not set");
        assertThat(root.resolve(".sealcloud/pids")).doesNotExist();
    }

    @Test
    void refusesTheRealControlPlaneWhenItsBinariesAreNotThereAndStartsNothing() throws IOException {
        built();
        Path empty = Files.createDirectories(root.resolve("no-binaries"));

        int exit =
                platform(Map.of("SEALCLOUD_KUBE_BIN", empty.toString())).up(java.util.Optional.of(KubernetesMode.REAL));

        assertThat(exit).isEqualTo(1);
        assertThat(printed())
                .contains("real Kubernetes control plane is not available")
                .contains("no executable etcd")
                .contains("--kubernetes=simulated");
        assertThat(root.resolve(".sealcloud/pids")).doesNotExist();
        assertThat(root.resolve(".sealcloud/state.properties")).doesNotExist();
    }

    @Test
    void buildsMissingControlPlaneBinariesWithProgressAndStartsNothingWhenTheBuildFails() throws IOException {
        built();
        Path script = root.resolve("platform/testkit/kubernetes/build-control-plane.sh");
        Files.createDirectories(script.getParent());
        // A stand-in for the build script: nothing cached (--check fails), and the build itself fails.
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "[[ \"${1:-}\" == --check ]] && exit 1",
                        "echo '[control-plane] building kube-apiserver (several minutes on 2 cores)' >&2",
                        "echo 'go: compiler noise' >&2",
                        "echo '[control-plane] ERROR: missing Debian packages: golang-go' >&2",
                        "exit 1",
                        ""));

        int exit = platform(Map.of()).up(java.util.Optional.of(KubernetesMode.REAL));

        assertThat(exit).isEqualTo(1);
        assertThat(printed())
                .contains("building the Kubernetes control plane 1.20.2 once")
                .contains("[control-plane] building kube-apiserver")
                .contains("[control-plane] ERROR: missing Debian packages: golang-go")
                .contains("real Kubernetes control plane is not available");
        assertThat(Files.readString(root.resolve(".sealcloud/logs/control-plane-build.log")))
                .contains("go: compiler noise");
        assertThat(root.resolve(".sealcloud/pids")).doesNotExist();
    }
}
