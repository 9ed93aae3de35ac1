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
}
