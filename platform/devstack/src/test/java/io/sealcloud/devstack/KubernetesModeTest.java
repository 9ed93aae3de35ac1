package io.sealcloud.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KubernetesModeTest {

    @Test
    void aFreshCheckoutWithoutKubeconfigGetsTheSimulatedApiServer() {
        assertThat(KubernetesMode.choose(Optional.empty(), "", Optional.empty()))
                .isEqualTo(KubernetesMode.SIMULATED);
    }

    @Test
    void theFlagWinsOverKubeconfigAndOverThePreviousUp() {
        assertThat(KubernetesMode.choose(
                        Optional.of(KubernetesMode.REAL),
                        "/home/me/.kube/config",
                        Optional.of(KubernetesMode.SIMULATED)))
                .isEqualTo(KubernetesMode.REAL);
        assertThat(KubernetesMode.choose(Optional.of(KubernetesMode.SIMULATED), "", Optional.of(KubernetesMode.REAL)))
                .isEqualTo(KubernetesMode.SIMULATED);
    }

    @Test
    void withoutTheFlagKubeconfigSelectsTheUsersCluster() {
        assertThat(KubernetesMode.choose(Optional.empty(), "/home/me/.kube/config", Optional.of(KubernetesMode.REAL)))
                .isEqualTo(KubernetesMode.EXTERNAL);
    }

    @Test
    void withoutTheFlagOrKubeconfigTheLastChoiceSticks() {
        assertThat(KubernetesMode.choose(Optional.empty(), " ", Optional.of(KubernetesMode.REAL)))
                .isEqualTo(KubernetesMode.REAL);
        // A previous external up without KUBECONFIG now has no cluster to name: back to the simulated one.
        assertThat(KubernetesMode.choose(Optional.empty(), "", Optional.of(KubernetesMode.EXTERNAL)))
                .isEqualTo(KubernetesMode.SIMULATED);
    }

    @Test
    void upAcceptsBuildAndOneKubernetesModeAndRefusesAnythingElse() {
        assertThat(Sealcloud.kubernetesOption(List.of())).contains(Optional.empty());
        assertThat(Sealcloud.kubernetesOption(List.of("--build", "--kubernetes=real")))
                .contains(Optional.of(KubernetesMode.REAL));
        assertThat(Sealcloud.kubernetesOption(List.of("--kubernetes=simulated")))
                .contains(Optional.of(KubernetesMode.SIMULATED));
        assertThat(Sealcloud.kubernetesOption(List.of("--kubernetes=kind"))).isEmpty();
        assertThat(Sealcloud.kubernetesOption(List.of("--kubernetes"))).isEmpty();
        assertThat(Sealcloud.kubernetesOption(List.of("--verbose"))).isEmpty();
    }

    @Test
    void theStateFileRemembersTheModeAndReadsOldFilesAsSimulated(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        StackState state = StackState.empty();
        state.kubernetes(KubernetesMode.REAL, "/repo/.sealcloud/kubeconfig");
        state.save(dir.resolve("state.properties"));

        assertThat(StackState.load(dir.resolve("state.properties")).kubernetesMode())
                .isEqualTo(KubernetesMode.REAL);
        assertThat(StackState.load(dir.resolve("none.properties")).previousKubernetesMode())
                .isEmpty();
        StackState old = StackState.empty();
        old.kubernetes(false, "/home/me/.kube/config");
        assertThat(old.kubernetesMode()).isEqualTo(KubernetesMode.EXTERNAL);
    }
}
