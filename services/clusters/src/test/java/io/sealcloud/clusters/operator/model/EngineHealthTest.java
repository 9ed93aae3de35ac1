package io.sealcloud.clusters.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.sealcloud.clusters.operator.crd.v1alpha1.KubeClusterStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engines' documented status fields turned into per-step conditions and the Ready/Progressing/Degraded summary. */
class EngineHealthTest {

    static final Instant NOW = Instant.parse("2026-12-08T03:00:00Z");

    static Map<String, Object> statefulSet(
            long generation, long observed, long ready, long updated, String cur, String upd, long replicas) {
        return Map.of(
                "metadata", Map.of("generation", generation),
                "status",
                        Map.of(
                                "observedGeneration", observed,
                                "replicas", replicas,
                                "readyReplicas", ready,
                                "updatedReplicas", updated,
                                "currentRevision", cur,
                                "updateRevision", upd));
    }

    static Map<String, Object> capiCluster(boolean infra, String phase) {
        return Map.of(
                "spec", Map.of("controlPlaneEndpoint", Map.of("host", "w1-dev.sealcloud-clusters.svc", "port", 6443)),
                "status", Map.of("infrastructureReady", infra, "phase", phase));
    }

    static Map<String, Object> controlPlane(long want, long ready, boolean isReady, String version) {
        return Map.of(
                "spec", Map.of("replicas", want),
                "status", Map.of("ready", isReady, "readyReplicas", ready, "replicas", ready, "version", version));
    }

    static Map<String, Object> md(long want, long ready, long updated, long replicas) {
        return Map.of(
                "metadata", Map.of("name", "w1-dev-workers", "generation", 2),
                "spec", Map.of("replicas", want),
                "status",
                        Map.of(
                                "observedGeneration", 2,
                                "readyReplicas", ready,
                                "updatedReplicas", updated,
                                "replicas", replicas,
                                "phase", "Running"));
    }

    @Test
    void aVirtualClusterIsReadyWhenItsRolledOutPodIsReady() {
        EngineHealth ready = EngineHealth.virtual(statefulSet(2, 2, 1, 1, "r2", "r2", 1), false, "1.31.4", "https://e");
        EngineHealth rolling =
                EngineHealth.virtual(statefulSet(2, 2, 1, 0, "r1", "r2", 1), false, "1.31.4", "https://e");
        EngineHealth stale = EngineHealth.virtual(statefulSet(3, 2, 1, 1, "r2", "r2", 1), false, "1.31.4", "https://e");

        assertThat(ready.ready()).isTrue();
        assertThat(ready.settled()).isTrue();
        assertThat(ready.version()).isEqualTo("1.31.4");
        assertThat(rolling.ready()).isFalse();
        assertThat(rolling.steps().get(0).reason()).isEqualTo("RollingOut");
        assertThat(stale.ready())
                .as("a status of an older generation says nothing")
                .isFalse();
    }

    @Test
    void aHibernatedVirtualClusterSettlesWhenNoPodIsLeft() {
        assertThat(EngineHealth.virtual(statefulSet(4, 4, 1, 1, "r", "r", 1), true, "1.31.4", "e")
                        .settled())
                .isFalse();
        assertThat(EngineHealth.virtual(statefulSet(4, 4, 0, 0, "r", "r", 0), true, "1.31.4", "e")
                        .settled())
                .isTrue();
    }

    @Test
    void aCapiClusterIsReadyWhenInfrastructureControlPlaneAtTheVersionAndEveryNodeAreReady() {
        EngineHealth health = EngineHealth.capi(
                capiCluster(true, "Provisioned"),
                controlPlane(2, 2, true, "v1.31.4"),
                List.of(md(3, 3, 3, 3)),
                false,
                true,
                "1.31.4");

        assertThat(health.ready()).isTrue();
        assertThat(health.settled()).isTrue();
        assertThat(health.version()).isEqualTo("1.31.4");
        assertThat(health.endpoint()).isEqualTo("https://w1-dev.sealcloud-clusters.svc:6443");
        assertThat(health.steps())
                .extracting(EngineHealth.Step::type)
                .containsExactly("InfrastructureReady", "ControlPlaneReady", "WorkersReady");
    }

    @Test
    void anUpgradeIsInProgressUntilTheControlPlaneReportsTheNewVersion() {
        EngineHealth health = EngineHealth.capi(
                capiCluster(true, "Provisioned"),
                controlPlane(2, 2, true, "v1.31.4"),
                List.of(md(3, 3, 3, 3)),
                false,
                true,
                "1.32.1");

        assertThat(health.ready()).isFalse();
        assertThat(health.steps().get(1).reason()).isEqualTo("UpgradingControlPlane");
    }

    @Test
    void scalingIsInProgressUntilEveryNodeIsReadyAndUpdated() {
        EngineHealth health = EngineHealth.capi(
                capiCluster(true, "Provisioned"),
                controlPlane(2, 2, true, "v1.31.4"),
                List.of(md(5, 3, 3, 3)),
                false,
                true,
                "1.31.4");

        assertThat(health.ready()).isFalse();
        assertThat(health.steps().get(2).reason()).isEqualTo("ScalingWorkers");
        assertThat(health.steps().get(2).message()).contains("3/5");
    }

    @Test
    void aFailedClusterIsDegraded() {
        EngineHealth health = EngineHealth.capi(
                capiCluster(false, "Failed"), controlPlane(2, 0, false, "v1.31.4"), List.of(), false, true, "1.31.4");
        KubeClusterStatus status = ClusterStatusModel.of(Fixtures.cluster("capi", false), health, NOW);

        assertThat(condition(status, "Degraded").getStatus()).isEqualTo("True");
        assertThat(condition(status, "Ready").getStatus()).isEqualTo("False");
        assertThat(condition(status, "Progressing").getStatus()).isEqualTo("False");
        assertThat(status.getPhase()).isEqualTo("Degraded");
    }

    @Test
    void theSummaryIsReadyProgressingOrHibernatedWithThePerStepConditions() {
        EngineHealth ready = EngineHealth.capi(
                capiCluster(true, "Provisioned"),
                controlPlane(2, 2, true, "v1.31.4"),
                List.of(md(3, 3, 3, 3)),
                false,
                true,
                "1.31.4");
        KubeClusterStatus status = ClusterStatusModel.of(Fixtures.cluster("capi", false), ready, NOW);

        assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
        assertThat(condition(status, "Progressing").getStatus()).isEqualTo("False");
        assertThat(condition(status, "WorkersReady").getReason()).isEqualTo("WorkersReady");
        assertThat(condition(status, "Ready").getObservedGeneration()).isEqualTo(3L);
        assertThat(status.getPhase()).isEqualTo("Ready");

        EngineHealth sleeping = EngineHealth.capi(
                capiCluster(true, "Provisioned"),
                controlPlane(0, 0, true, "v1.31.4"),
                List.of(md(0, 0, 0, 0)),
                true,
                true,
                "1.31.4");
        KubeClusterStatus asleep = ClusterStatusModel.of(Fixtures.cluster("capi", true), sleeping, NOW);
        assertThat(condition(asleep, "Ready").getReason()).isEqualTo("Hibernated");
        assertThat(condition(asleep, "Hibernated").getStatus()).isEqualTo("True");
        assertThat(asleep.getPhase()).isEqualTo("Hibernated");
    }

    @Test
    void aClusterThatRanOnceIsUpdatingNotProvisioningWhileItIsNotReady() {
        assertThat(ClusterStatusModel.phase(null, false, false, false, false)).isEqualTo("Provisioning");
        assertThat(ClusterStatusModel.phase("Ready", false, false, false, false))
                .isEqualTo("Updating");
        assertThat(ClusterStatusModel.phase("Hibernated", false, false, false, false))
                .isEqualTo("Updating");
    }

    @Test
    void everyConditionHasAReasonAndAMessageAsTheCrdSchemaRequiresStrings() {
        List<EngineHealth> healths = List.of(
                EngineHealth.virtual(null, false, "1.31.4", "e"),
                EngineHealth.virtual(statefulSet(2, 2, 1, 1, "r2", "r2", 1), false, "1.31.4", "https://e"),
                EngineHealth.virtual(statefulSet(4, 4, 0, 0, "r", "r", 0), true, "1.31.4", "e"),
                EngineHealth.capi(null, null, List.of(), false, true, "1.31.4"),
                EngineHealth.capi(
                        capiCluster(false, "Failed"),
                        controlPlane(2, 0, false, "v1.31.4"),
                        List.of(),
                        false,
                        true,
                        "1.31.4"));
        for (EngineHealth health : healths) {
            for (boolean hibernated : List.of(false, true)) {
                KubeClusterStatus status = ClusterStatusModel.of(Fixtures.cluster("capi", hibernated), health, NOW);
                assertThat(status.getConditions()).allSatisfy(c -> {
                    assertThat(c.getReason()).as("%s reason", c.getType()).isNotBlank();
                    assertThat(c.getMessage()).as("%s message", c.getType()).isNotNull();
                });
            }
        }
    }

    static Condition condition(KubeClusterStatus status, String type) {
        return status.getConditions().stream()
                .filter(c -> c.getType().equals(type))
                .findFirst()
                .orElseThrow();
    }
}
