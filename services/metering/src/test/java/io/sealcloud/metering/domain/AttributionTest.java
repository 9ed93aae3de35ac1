package io.sealcloud.metering.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributionTest {

    @Test
    void labelsNameTheAppTerminalOrCluster() {
        assertThat(Attribution.fromLabels(Map.of("sealcloud.io/app-instance", "wp")))
                .isEqualTo(new Attribution("app", "wp"));
        assertThat(Attribution.fromLabels(Map.of("sealcloud.io/terminal", "t1")))
                .isEqualTo(new Attribution("terminal", "t1"));
        assertThat(Attribution.fromLabels(Map.of("sealcloud.io/cluster", "k")))
                .isEqualTo(new Attribution("cluster", "k"));
    }

    @Test
    void anythingElseIsOther() {
        assertThat(Attribution.fromLabels(Map.of("app", "nginx"))).isEqualTo(Attribution.UNATTRIBUTED);
        assertThat(Attribution.fromLabels(null)).isEqualTo(Attribution.UNATTRIBUTED);
        assertThat(Attribution.UNATTRIBUTED.nameOrNull()).isNull();
    }

    @Test
    void theAppInstanceLabelWinsOverTheOthers() {
        assertThat(Attribution.fromLabels(Map.of("sealcloud.io/terminal", "t", "sealcloud.io/app-instance", "a")))
                .isEqualTo(new Attribution("app", "a"));
    }
}
