package io.sealcloud.appstore.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealcloud.appstore.domain.instance.QuotaCheck;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppProblemsTest {

    @Test
    void aQuotaShortfallIsWrittenInTheUnitsOfAResourceQuota() {
        var problem = AppProblems.quotaExceeded(
                "ns-abc",
                List.of(
                        new QuotaCheck.Excess(
                                "requests.storage",
                                BigDecimal.valueOf(100L << 30),
                                BigDecimal.valueOf(99L << 30),
                                "quota"),
                        new QuotaCheck.Excess(
                                "limits.memory", BigDecimal.valueOf(1536L << 20), BigDecimal.valueOf(100), "quota"),
                        new QuotaCheck.Excess("requests.cpu", new BigDecimal("2.500"), new BigDecimal("0.5"), "q")));

        assertThat(problem.getMessage())
                .contains("requests.storage 100Gi requested, 99Gi available")
                .contains("limits.memory 1536Mi requested, 100 available")
                .contains("requests.cpu 2.5 requested, 0.5 available");
    }
}
