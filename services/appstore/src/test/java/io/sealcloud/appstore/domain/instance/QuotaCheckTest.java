package io.sealcloud.appstore.domain.instance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class QuotaCheckTest {

    static final Function<String, BigDecimal> Q = s -> Quantity.getAmountInBytes(new Quantity(s));

    static Map<String, Object> statefulSet(int replicas, String cpu, String memory, String storage) {
        return Map.of(
                "apiVersion",
                "apps/v1",
                "kind",
                "StatefulSet",
                "metadata",
                Map.of("name", "db"),
                "spec",
                Map.of(
                        "replicas", replicas,
                        "template",
                                Map.of(
                                        "spec",
                                        Map.of(
                                                "containers",
                                                List.of(Map.of(
                                                        "name",
                                                        "db",
                                                        "resources",
                                                        Map.of(
                                                                "requests",
                                                                Map.of("cpu", cpu),
                                                                "limits",
                                                                Map.of("cpu", cpu, "memory", memory)))))),
                        "volumeClaimTemplates",
                                List.of(Map.of(
                                        "spec", Map.of("resources", Map.of("requests", Map.of("storage", storage)))))));
    }

    @Test
    void requestsCountReplicasContainersAndClaimTemplatesAndALimitStandsInForAMissingRequest() {
        Map<String, BigDecimal> requests = QuotaCheck.requests(List.of(statefulSet(2, "500m", "1Gi", "10Gi")), Q);
        assertThat(requests.get("requests.cpu")).isEqualByComparingTo("1");
        assertThat(requests.get("requests.memory")).isEqualByComparingTo(BigDecimal.valueOf(2L * 1024 * 1024 * 1024));
        assertThat(requests.get("limits.memory")).isEqualByComparingTo(BigDecimal.valueOf(2L * 1024 * 1024 * 1024));
        assertThat(requests.get("requests.storage")).isEqualByComparingTo(BigDecimal.valueOf(20L * 1024 * 1024 * 1024));
        assertThat(requests.get("pods")).isEqualByComparingTo("2");
        assertThat(requests.get("persistentvolumeclaims")).isEqualByComparingTo("2");
    }

    @Test
    void whatFitsInHardMinusUsedPasses() {
        var requests = QuotaCheck.requests(List.of(statefulSet(1, "1", "1Gi", "1Gi")), Q);
        var quota = new QuotaCheck.Quota(
                "quota", Map.of("requests.cpu", "4", "limits.memory", "8Gi"), Map.of("requests.cpu", "3"));
        assertThat(QuotaCheck.exceeded(requests, List.of(quota), Q)).isEmpty();
    }

    @Test
    void whatNeedsMoreThanIsLeftIsReportedPerResource() {
        var requests = QuotaCheck.requests(List.of(statefulSet(1, "2", "1Gi", "200Gi")), Q);
        var quota = new QuotaCheck.Quota(
                "quota",
                Map.of("requests.cpu", "4", "requests.storage", "100Gi", "cpu", "16"),
                Map.of("requests.cpu", "3"));
        var excess = QuotaCheck.exceeded(requests, List.of(quota), Q);
        assertThat(excess).extracting(QuotaCheck.Excess::resource).containsExactly("requests.cpu", "requests.storage");
        assertThat(excess.get(0).available()).isEqualByComparingTo("1");
        assertThat(excess.get(0).requested()).isEqualByComparingTo("2");
    }

    @Test
    void committedRevisionsCountBeforeTheirPodsExistAndAdmittedOnesAreNotCountedTwice() {
        var quota = new QuotaCheck.Quota(
                "quota", Map.of("cpu", "4", "requests.storage", "10Gi"), Map.of("cpu", "3", "requests.storage", "2Gi"));
        // 3 cpu used: 2 of them by the app store's running pods (admitted), 1 by a workload the user made by hand.
        // The app store's instances request 2.5 cpu (one of them still starting) and 6Gi of claims, 2Gi admitted.
        var admitted = Map.of("requests.cpu", new BigDecimal("2"), "requests.storage", Q.apply("2Gi"));
        var committed = Map.of("requests.cpu", new BigDecimal("2.5"), "requests.storage", Q.apply("6Gi"));

        var adjusted = QuotaCheck.withCommitted(List.of(quota), admitted, committed, Q);

        assertThat(Q.apply(adjusted.get(0).used().get("cpu"))).isEqualByComparingTo("3.5");
        assertThat(Q.apply(adjusted.get(0).used().get("requests.storage"))).isEqualByComparingTo(Q.apply("6Gi"));
        var next = QuotaCheck.requests(List.of(statefulSet(1, "500m", "1Gi", "4Gi")), Q);
        assertThat(QuotaCheck.exceeded(next, adjusted, Q)).isEmpty();
        var bigger = QuotaCheck.requests(List.of(statefulSet(1, "600m", "1Gi", "4Gi")), Q);
        assertThat(QuotaCheck.exceeded(bigger, adjusted, Q))
                .extracting(QuotaCheck.Excess::resource)
                .containsExactly("cpu");
    }

    @Test
    void aStaleUsageBelowWhatTheAppStoreHasAdmittedNeverFreesRoom() {
        var quota = new QuotaCheck.Quota("quota", Map.of("pods", "3"), Map.of());
        var adjusted = QuotaCheck.withCommitted(
                List.of(quota), Map.of("pods", new BigDecimal("2")), Map.of("pods", new BigDecimal("2")), Q);
        assertThat(adjusted.get(0).used()).containsEntry("pods", "2");
    }
}
