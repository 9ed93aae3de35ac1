package io.sealcloud.appstore.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealcloud.appstore.domain.policy.GroupKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pure: how a discovery answer decides "served", "not served" and "unknown" (no API server involved). */
class ServedKindsSnapshotTest {

    static final ServedKinds.Served CRONJOB_V1BETA1 =
            new ServedKinds.Served("batch", "v1beta1", "CronJob", "cronjobs", true);
    static final ServedKinds.Served JOB_V1 = new ServedKinds.Served("batch", "v1", "Job", "jobs", true);

    static ServedKinds.Snapshot kubernetes120(Set<String> failed) {
        return new ServedKinds.Snapshot(
                Map.of("batch/v1", Map.of("Job", JOB_V1), "batch/v1beta1", Map.of("CronJob", CRONJOB_V1BETA1)),
                Map.of(
                        new GroupKind("batch", "Job"), List.of(JOB_V1),
                        new GroupKind("batch", "CronJob"), List.of(CRONJOB_V1BETA1)),
                failed,
                Instant.now());
    }

    @Test
    void aKindServedOnlyInAnotherVersionIsNotServedAndNamesTheVersionThatIs() {
        ServedKinds.Lookup lookup = kubernetes120(Set.of()).lookup("batch/v1", "CronJob");

        assertThat(lookup.isNotServed()).isTrue();
        assertThat(lookup.servedVersions()).containsExactly("batch/v1beta1");
        assertThat(kubernetes120(Set.of()).lookup("batch/v1beta1", "CronJob").served())
                .isEqualTo(CRONJOB_V1BETA1);
    }

    @Test
    void listingAndDeletingUseAnyServedVersionOfTheGroupAndKind() {
        assertThat(kubernetes120(Set.of()).anyVersion(new GroupKind("batch", "CronJob")))
                .contains(CRONJOB_V1BETA1);
        assertThat(kubernetes120(Set.of()).anyVersion(new GroupKind("objectstorage.sealos.io", "ObjectStorageBucket")))
                .isEmpty();
    }

    @Test
    void aKindOfAGroupWhoseDiscoveryFailedIsUnknownNotRefused() {
        ServedKinds.Lookup lookup =
                kubernetes120(Set.of("metrics.k8s.io/v1beta1")).lookup("metrics.k8s.io/v1beta1", "PodMetrics");

        assertThat(lookup.isServed()).isFalse();
        assertThat(lookup.isNotServed()).isFalse();
        assertThat(lookup.unknown()).isTrue();
    }
}
