package io.sealcloud.appstore.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealcloud.appstore.operator.crd.v1alpha1.ObjectStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectReadinessTest {

    static Map<String, Object> deployment(int replicas, long generation, Map<String, Object> status) {
        Map<String, Object> d = new HashMap<>();
        d.put("apiVersion", "apps/v1");
        d.put("kind", "Deployment");
        d.put("metadata", Map.of("name", "web", "generation", generation));
        d.put("spec", Map.of("replicas", replicas));
        if (status != null) {
            d.put("status", status);
        }
        return d;
    }

    @Test
    void aDeploymentIsReadyWhenTheControllerSawItsSpecAndEveryReplicaIsReadyAndUpdated() {
        var status = Map.<String, Object>of("observedGeneration", 3, "readyReplicas", 2, "updatedReplicas", 2);
        assertThat(ObjectReadiness.of(deployment(2, 3, status)).ready()).isTrue();
    }

    @Test
    void aDeploymentWhoseStatusDescribesAnOlderGenerationIsNotReady() {
        var status = Map.<String, Object>of("observedGeneration", 2, "readyReplicas", 2, "updatedReplicas", 2);
        ObjectReadiness readiness = ObjectReadiness.of(deployment(2, 3, status));
        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.message()).contains("generation 3");
    }

    @Test
    void aDeploymentWithTooFewReadyReplicasIsNotReady() {
        var status = Map.<String, Object>of("observedGeneration", 1, "readyReplicas", 1, "updatedReplicas", 2);
        ObjectReadiness readiness = ObjectReadiness.of(deployment(2, 1, status));
        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.message()).isEqualTo("1/2 replicas ready");
    }

    @Test
    void aDeploymentWhoseNewReplicaSetHasNoPodYetIsNotReadyThoughItsOldPodsAre() {
        // As the real API server reports it: zero counts are left out, so updatedReplicas is absent.
        var status = Map.<String, Object>of("observedGeneration", 2, "readyReplicas", 1, "replicas", 1);
        ObjectReadiness readiness = ObjectReadiness.of(deployment(1, 2, status));
        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.message()).isEqualTo("0/1 replicas updated");
    }

    @Test
    void aDeploymentWithoutStatusIsNotReadyButOneScaledToZeroIs() {
        assertThat(ObjectReadiness.of(deployment(1, 1, null)).ready()).isFalse();
        assertThat(ObjectReadiness.of(deployment(0, 1, null)).ready()).isTrue();
    }

    @Test
    void aJobIsReadyWhenCompleteAndFailedWhenFailed() {
        Map<String, Object> complete = Map.of(
                "apiVersion",
                "batch/v1",
                "kind",
                "Job",
                "status",
                Map.of("conditions", List.of(Map.of("type", "Complete", "status", "True"))));
        Map<String, Object> failed = Map.of(
                "apiVersion",
                "batch/v1",
                "kind",
                "Job",
                "status",
                Map.of("conditions", List.of(Map.of("type", "Failed", "status", "True"))));
        assertThat(ObjectReadiness.of(complete).ready()).isTrue();
        assertThat(ObjectReadiness.of(failed).failed()).isTrue();
        assertThat(ObjectReadiness.of(failed).ready()).isFalse();
    }

    @Test
    void aClaimIsReadyOnlyWhenBound() {
        Map<String, Object> pending =
                Map.of("apiVersion", "v1", "kind", "PersistentVolumeClaim", "status", Map.of("phase", "Pending"));
        Map<String, Object> bound =
                Map.of("apiVersion", "v1", "kind", "PersistentVolumeClaim", "status", Map.of("phase", "Bound"));
        assertThat(ObjectReadiness.of(pending).ready()).isFalse();
        assertThat(ObjectReadiness.of(bound).ready()).isTrue();
    }

    @Test
    void otherKindsFollowTheirReadyConditionOrAreReadyOnceTheyExist() {
        Map<String, Object> cluster = Map.of(
                "apiVersion",
                "apps.kubeblocks.io/v1alpha1",
                "kind",
                "Cluster",
                "status",
                Map.of("conditions", List.of(Map.of("type", "Ready", "status", "False", "message", "creating"))));
        assertThat(ObjectReadiness.of(cluster).ready()).isFalse();
        assertThat(ObjectReadiness.of(cluster).message()).isEqualTo("creating");
        assertThat(ObjectReadiness.of(Map.of("apiVersion", "v1", "kind", "Service"))
                        .ready())
                .isTrue();
        assertThat(ObjectReadiness.of(null).ready()).isFalse();
    }

    @Test
    void anInstanceIsReadyOnlyWhenEveryObjectIsAndNamesTheFirstThatIsNot() {
        var ready = new ObjectStatus("v1", "Service", "web", true, "exists");
        var waiting = new ObjectStatus("apps/v1", "Deployment", "web", false, "0/1 replicas ready");
        InstanceReadiness partial = InstanceReadiness.of(List.of(ready, waiting), List.of(false, false));
        assertThat(partial.ready()).isFalse();
        assertThat(partial.failed()).isFalse();
        assertThat(partial.message()).isEqualTo("1 of 2 objects not ready; first: Deployment web 0/1 replicas ready");
        assertThat(InstanceReadiness.of(List.of(ready), List.of(false)).ready()).isTrue();
        assertThat(InstanceReadiness.of(List.of(ready, waiting), List.of(false, true))
                        .failed())
                .isTrue();
    }
}
