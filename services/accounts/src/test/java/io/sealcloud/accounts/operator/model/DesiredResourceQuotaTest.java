package io.sealcloud.accounts.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.sealcloud.accounts.operator.crd.v1alpha1.WorkspaceQuota;
import org.junit.jupiter.api.Test;

class DesiredResourceQuotaTest {

    private static final QuotaDefaults DEFAULTS =
            new QuotaDefaults(new Quantity("16"), new Quantity("64Gi"), new Quantity("100Gi"), 100, 10);

    @Test
    void usesTheConfiguredDefaultsWhenTheWorkspaceOverridesNothing() {
        ResourceQuota quota = DesiredResourceQuota.of(TestWorkspaces.workspace(), DEFAULTS);

        assertThat(quota.getSpec().getHard())
                .containsEntry("limits.cpu", new Quantity("16"))
                .containsEntry("limits.memory", new Quantity("64Gi"))
                .containsEntry("requests.storage", new Quantity("100Gi"))
                .containsEntry("pods", new Quantity("100"))
                .containsEntry("services.nodeports", new Quantity("10"))
                .hasSize(5);
    }

    @Test
    void takesEachOverrideFromTheWorkspaceAndKeepsTheOtherDefaults() {
        var overrides = new WorkspaceQuota(new Quantity("4"), null, null, 7, null);

        ResourceQuota quota = DesiredResourceQuota.of(TestWorkspaces.workspace(overrides), DEFAULTS);

        assertThat(quota.getSpec().getHard())
                .containsEntry("limits.cpu", new Quantity("4"))
                .containsEntry("pods", new Quantity("7"))
                .containsEntry("limits.memory", new Quantity("64Gi"))
                .containsEntry("services.nodeports", new Quantity("10"));
    }

    @Test
    void livesInTheWorkspaceNamespaceWithItsLabelsAndOwner() {
        ResourceQuota quota = DesiredResourceQuota.of(TestWorkspaces.workspace(), DEFAULTS);

        assertThat(quota.getMetadata().getNamespace()).isEqualTo("ns-" + TestWorkspaces.ID);
        assertThat(quota.getMetadata().getName()).isEqualTo(DesiredResourceQuota.NAME);
        assertThat(quota.getMetadata().getLabels()).containsEntry("sealcloud.io/workspace", TestWorkspaces.ID);
        assertThat(quota.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(TestWorkspaces.UID));
    }

    @Test
    void aSuspendedWorkspaceGetsZeroForEveryValue() {
        var workspace = TestWorkspaces.workspace(new WorkspaceQuota(new Quantity("4"), null, null, 7, null));
        workspace.getSpec().setSuspended(true);

        ResourceQuota quota = DesiredResourceQuota.of(workspace, DEFAULTS);

        assertThat(quota.getSpec().getHard())
                .hasSize(5)
                .allSatisfy((name, value) -> assertThat(value).isEqualTo(new Quantity("0")));
    }
}
