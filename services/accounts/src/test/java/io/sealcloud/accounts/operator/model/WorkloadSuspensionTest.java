package io.sealcloud.accounts.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadSuspensionTest {

    @Test
    void aRunningJobIsSuspendedAndResumedToExactlyWhatItWas() {
        Job running = new JobBuilder()
                .withNewMetadata()
                .withName("migrate")
                .endMetadata()
                .withNewSpec()
                .withParallelism(2)
                .endSpec()
                .build();

        Job suspended = WorkloadSuspension.suspend(running).orElseThrow();
        assertThat(suspended.getSpec().getSuspend()).isTrue();
        assertThat(WorkloadSuspension.suspend(suspended)).isEmpty();

        Job resumed = WorkloadSuspension.resume(suspended).orElseThrow();
        assertThat(resumed.getSpec()).isEqualTo(running.getSpec());
        assertThat(resumed.getMetadata().getAnnotations()).isNull();
    }

    @Test
    void withoutJobSuspensionARunningJobIsStoppedByParallelismZeroAndGetsItsParallelismBack() {
        for (Integer parallelism : new Integer[] {2, null}) {
            Job running = new JobBuilder()
                    .withNewMetadata()
                    .withName("migrate")
                    .endMetadata()
                    .withNewSpec()
                    .withParallelism(parallelism)
                    .withCompletions(10)
                    .endSpec()
                    .build();

            Job suspended = WorkloadSuspension.suspend(running, false).orElseThrow();
            assertThat(suspended.getSpec().getParallelism()).isZero();
            assertThat(suspended.getSpec().getSuspend()).isNull();
            assertThat(suspended.getMetadata().getAnnotations())
                    .containsEntry(WorkloadSuspension.SAVED_PARALLELISM, parallelism == null ? "unset" : "2");
            assertThat(WorkloadSuspension.isSuspended(suspended)).isTrue();
            assertThat(WorkloadSuspension.suspend(suspended, false))
                    .as("the saved original is never overwritten with the 0 written")
                    .isEmpty();

            Job resumed = WorkloadSuspension.resume(suspended).orElseThrow();
            assertThat(resumed.getSpec()).isEqualTo(running.getSpec());
            assertThat(resumed.getMetadata().getAnnotations()).isNull();
            assertThat(WorkloadSuspension.resume(resumed)).isEmpty();
        }
    }

    @Test
    void aFinishedJobIsLeftAlone() {
        Job done = new JobBuilder()
                .withNewMetadata()
                .withName("done")
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .withNewStatus()
                .addNewCondition()
                .withType("Complete")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build();

        assertThat(WorkloadSuspension.suspend(done)).isEmpty();
        assertThat(WorkloadSuspension.resume(done)).isEmpty();
    }

    @Test
    void onlyAPodNoControllerOwnsIsBare() {
        Pod bare =
                new PodBuilder().withNewMetadata().withName("a").endMetadata().build();
        Pod owned = new PodBuilder()
                .withNewMetadata()
                .withName("b")
                .addNewOwnerReference()
                .withKind("ReplicaSet")
                .withName("rs")
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .build();
        Pod referenced = new PodBuilder()
                .withNewMetadata()
                .withName("c")
                .addNewOwnerReference()
                .withKind("ConfigMap")
                .withName("cm")
                .endOwnerReference()
                .endMetadata()
                .build();

        assertThat(WorkloadSuspension.isBarePod(bare)).isTrue();
        assertThat(WorkloadSuspension.isBarePod(owned)).isFalse();
        assertThat(WorkloadSuspension.isBarePod(referenced)).isTrue();
    }

    @Test
    void suspendingADeploymentSavesItsReplicasAndScalesToZero() {
        Deployment live = deployment(3, Map.of("team", "a"));

        Deployment suspended = WorkloadSuspension.suspend(live).orElseThrow();

        assertThat(suspended.getSpec().getReplicas()).isZero();
        assertThat(suspended.getMetadata().getAnnotations())
                .containsEntry(WorkloadSuspension.SAVED_REPLICAS, "3")
                .containsEntry("team", "a");
        assertThat(live.getSpec().getReplicas())
                .as("the argument is not mutated")
                .isEqualTo(3);
        assertThat(live.getMetadata().getAnnotations()).doesNotContainKey(WorkloadSuspension.SAVED_REPLICAS);
    }

    @Test
    void suspendingTwiceChangesNothingTheSecondTime() {
        Deployment once = WorkloadSuspension.suspend(deployment(3, null)).orElseThrow();

        assertThat(WorkloadSuspension.suspend(once)).isEmpty();
    }

    @Test
    void aWorkloadScaledUpWhileSuspendedIsScaledDownAgainKeepingTheOriginal() {
        Deployment once = WorkloadSuspension.suspend(deployment(3, null)).orElseThrow();
        once.getSpec().setReplicas(5);

        Deployment again = WorkloadSuspension.suspend(once).orElseThrow();

        assertThat(again.getSpec().getReplicas()).isZero();
        assertThat(again.getMetadata().getAnnotations()).containsEntry(WorkloadSuspension.SAVED_REPLICAS, "3");
    }

    @Test
    void resumingRestoresTheSpecAndAnnotationsExactly() {
        Deployment original = deployment(3, Map.of("team", "a"));

        Deployment resumed = WorkloadSuspension.resume(
                        WorkloadSuspension.suspend(original).orElseThrow())
                .orElseThrow();

        assertThat(resumed.getSpec()).isEqualTo(original.getSpec());
        assertThat(resumed.getMetadata().getAnnotations())
                .isEqualTo(original.getMetadata().getAnnotations());
    }

    @Test
    void anUnsetReplicaCountComesBackUnset() {
        Deployment original = deployment(null, null);

        Deployment suspended = WorkloadSuspension.suspend(original).orElseThrow();
        Deployment resumed = WorkloadSuspension.resume(suspended).orElseThrow();

        assertThat(suspended.getSpec().getReplicas()).isZero();
        assertThat(resumed.getSpec().getReplicas()).isNull();
        assertThat(resumed.getMetadata().getAnnotations()).isNull();
    }

    @Test
    void aDeploymentAlreadyAtZeroIsStillMarkedSoItComesBackAtZero() {
        Deployment suspended = WorkloadSuspension.suspend(deployment(0, null)).orElseThrow();

        assertThat(suspended.getMetadata().getAnnotations()).containsEntry(WorkloadSuspension.SAVED_REPLICAS, "0");
        assertThat(WorkloadSuspension.resume(suspended).orElseThrow().getSpec().getReplicas())
                .isZero();
    }

    @Test
    void resumingAWorkloadThatWasNeverSuspendedChangesNothing() {
        assertThat(WorkloadSuspension.resume(deployment(2, null))).isEmpty();
        assertThat(WorkloadSuspension.resume(cronJob(false))).isEmpty();
    }

    @Test
    void statefulSetsAreSuspendedAndRestoredLikeDeployments() {
        StatefulSet original = new StatefulSetBuilder()
                .withNewMetadata()
                .withName("db")
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withServiceName("db")
                .endSpec()
                .build();

        StatefulSet suspended = WorkloadSuspension.suspend(original).orElseThrow();
        StatefulSet resumed = WorkloadSuspension.resume(suspended).orElseThrow();

        assertThat(suspended.getSpec().getReplicas()).isZero();
        assertThat(resumed.getSpec()).isEqualTo(original.getSpec());
        assertThat(WorkloadSuspension.isSuspended(suspended)).isTrue();
        assertThat(WorkloadSuspension.isSuspended(resumed)).isFalse();
    }

    @Test
    void cronJobsAreSuspendedAndGetTheirOwnSuspendFlagBack() {
        CronJob running = cronJob(false);
        CronJob alreadySuspended = cronJob(true);
        CronJob unset = cronJob(null);

        for (CronJob original : new CronJob[] {running, alreadySuspended, unset}) {
            CronJob suspended = WorkloadSuspension.suspend(original).orElseThrow();
            assertThat(suspended.getSpec().getSuspend()).isTrue();
            assertThat(WorkloadSuspension.suspend(suspended)).isEmpty();
            CronJob resumed = WorkloadSuspension.resume(suspended).orElseThrow();
            assertThat(resumed.getSpec()).isEqualTo(original.getSpec());
            assertThat(resumed.getMetadata().getAnnotations()).isNull();
        }
    }

    private static Deployment deployment(Integer replicas, Map<String, String> annotations) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace("ns-k3x9q2m7ab")
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .addToMatchLabels("app", "web")
                .endSelector()
                .endSpec()
                .build();
    }

    private static CronJob cronJob(Boolean suspend) {
        return new CronJobBuilder()
                .withNewMetadata()
                .withName("nightly")
                .endMetadata()
                .withNewSpec()
                .withSchedule("0 3 * * *")
                .withSuspend(suspend)
                .endSpec()
                .build();
    }
}
