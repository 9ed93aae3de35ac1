package io.sealcloud.clusters.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterCatalogTest {

    static final ClusterCatalog CATALOG = new ClusterCatalog(
            List.of(Provider.VIRTUAL, Provider.CAPI),
            List.of("1.32.1", "1.30.8", "1.31.4", "1.31.2", "1.29.10"),
            Map.of("standard-2", new Flavor("standard-2", 2, "4Gi", 60_000)),
            new ClusterCatalog.Limits(2, 8, 3));

    @Test
    void anUpgradeMayMoveOneMinorVersion() {
        assertThatCode(() -> CATALOG.checkUpgrade("1.30.8", "1.31.4")).doesNotThrowAnyException();
        assertThatCode(() -> CATALOG.checkUpgrade("1.31.2", "1.31.4")).doesNotThrowAnyException();
    }

    @Test
    void aSkippedMinorVersionIsRefusedNamingTheNewestAllowedNextVersion() {
        assertThatThrownBy(() -> CATALOG.checkUpgrade("1.30.8", "1.32.1"))
                .isInstanceOfSatisfying(ClusterRuleException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ClusterRuleException.Kind.UNPROCESSABLE);
                    assertThat(e.slug()).isEqualTo("version-skip");
                    assertThat(e.getMessage()).contains("go to 1.31.4 first");
                });
        assertThat(CATALOG.nextAllowed("1.29.10")).contains("1.30.8");
        assertThat(CATALOG.nextAllowed("1.32.1")).isEmpty();
    }

    @Test
    void aDowngradeIsRefused() {
        assertThatThrownBy(() -> CATALOG.checkUpgrade("1.31.4", "1.30.8"))
                .isInstanceOfSatisfying(
                        ClusterRuleException.class, e -> assertThat(e.slug()).isEqualTo("version-downgrade"));
        assertThatThrownBy(() -> CATALOG.checkUpgrade("1.31.4", "1.31.2"))
                .isInstanceOfSatisfying(
                        ClusterRuleException.class, e -> assertThat(e.slug()).isEqualTo("version-downgrade"));
    }

    @Test
    void anUpgradeToTheRunningOrAnUnofferedVersionIsRefused() {
        assertThatThrownBy(() -> CATALOG.checkUpgrade("1.31.4", "1.31.4"))
                .isInstanceOfSatisfying(
                        ClusterRuleException.class, e -> assertThat(e.slug()).isEqualTo("no-changes"));
        assertThatThrownBy(() -> CATALOG.checkUpgrade("1.31.4", "1.31.9"))
                .isInstanceOfSatisfying(ClusterRuleException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ClusterRuleException.Kind.INVALID);
                    assertThat(e.pointer()).isEqualTo("/kubernetesVersion");
                });
    }

    @Test
    void aCreateNeedsAnOfferedProviderVersionAndFlavor() {
        List<NodePool> pools = List.of(new NodePool("workers", "standard-2", 2));
        assertThatCode(() -> CATALOG.checkCreate(Provider.CAPI, "1.31.4", pools))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> CATALOG.checkCreate(null, "1.31.4", pools))
                .isInstanceOfSatisfying(
                        ClusterRuleException.class, e -> assertThat(e.pointer()).isEqualTo("/provider"));
        assertThatThrownBy(() -> CATALOG.checkCreate(Provider.CAPI, "1.28.0", pools))
                .isInstanceOfSatisfying(
                        ClusterRuleException.class, e -> assertThat(e.pointer()).isEqualTo("/kubernetesVersion"));
        assertThatThrownBy(() -> CATALOG.checkCreate(
                        Provider.CAPI,
                        "1.31.4",
                        List.of(new NodePool("a", "standard-2", 1), new NodePool("b", "huge", 1))))
                .isInstanceOfSatisfying(
                        ClusterRuleException.class, e -> assertThat(e.pointer()).isEqualTo("/nodePools/1/flavor"));
        assertThatThrownBy(() -> CATALOG.checkCreate(
                        Provider.CAPI,
                        "1.31.4",
                        List.of(new NodePool("a", "standard-2", 1), new NodePool("a", "standard-2", 1))))
                .isInstanceOfSatisfying(
                        ClusterRuleException.class, e -> assertThat(e.pointer()).isEqualTo("/nodePools/1/name"));
    }

    @Test
    void aVirtualClusterHasNoPoolsAndADedicatedOneAtLeastOne() {
        assertThatCode(() -> CATALOG.checkCreate(Provider.VIRTUAL, "1.31.4", List.of()))
                .doesNotThrowAnyException();
        assertThatThrownBy(() ->
                        CATALOG.checkCreate(Provider.VIRTUAL, "1.31.4", List.of(new NodePool("a", "standard-2", 1))))
                .isInstanceOfSatisfying(
                        ClusterRuleException.class, e -> assertThat(e.pointer()).isEqualTo("/nodePools"));
        assertThatThrownBy(() -> CATALOG.checkCreate(Provider.CAPI, "1.31.4", List.of()))
                .isInstanceOfSatisfying(
                        ClusterRuleException.class, e -> assertThat(e.pointer()).isEqualTo("/nodePools"));
    }

    @Test
    void limitsRefuseOneClusterOrNodeTooMany() {
        assertThatCode(() -> CATALOG.checkLimits(2, 8)).doesNotThrowAnyException();
        assertThatThrownBy(() -> CATALOG.checkLimits(3, 0)).isInstanceOfSatisfying(ClusterRuleException.class, e -> {
            assertThat(e.kind()).isEqualTo(ClusterRuleException.Kind.CONFLICT);
            assertThat(e.slug()).isEqualTo("cluster-limit-reached");
        });
        assertThatThrownBy(() -> CATALOG.checkLimits(1, 9)).isInstanceOfSatisfying(ClusterRuleException.class, e -> {
            assertThat(e.kind()).isEqualTo(ClusterRuleException.Kind.UNPROCESSABLE);
            assertThat(e.slug()).isEqualTo("node-limit-exceeded");
        });
    }
}
