package io.sealcloud.accounts.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

class DesiredLimitRangeTest {

    private static final LimitDefaults DEFAULTS =
            new LimitDefaults(new Quantity("50m"), new Quantity("64Mi"), new Quantity("1"), new Quantity("1Gi"));

    @Test
    void givesContainersTheConfiguredDefaultRequestsAndLimits() {
        LimitRange range = DesiredLimitRange.of(TestWorkspaces.workspace(), DEFAULTS);

        assertThat(range.getSpec().getLimits()).singleElement().satisfies(item -> {
            assertThat(item.getType()).isEqualTo("Container");
            assertThat(item.getDefaultRequest())
                    .containsEntry("cpu", new Quantity("50m"))
                    .containsEntry("memory", new Quantity("64Mi"));
            assertThat(item.getDefault())
                    .containsEntry("cpu", new Quantity("1"))
                    .containsEntry("memory", new Quantity("1Gi"));
        });
    }

    @Test
    void livesInTheWorkspaceNamespace() {
        LimitRange range = DesiredLimitRange.of(TestWorkspaces.workspace(), DEFAULTS);

        assertThat(range.getMetadata().getNamespace()).isEqualTo("ns-" + TestWorkspaces.ID);
        assertThat(range.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "sealcloud-accounts");
    }
}
