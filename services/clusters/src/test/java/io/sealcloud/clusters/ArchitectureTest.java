package io.sealcloud.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealcloud.testkit.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The clusters service follows the project's layering (platform/testkit ArchitectureRules). */
class ArchitectureTest {

    @Test
    void productionClassesFollowTheLayeringRules() {
        assertThat(ArchitectureRules.violations("io.sealcloud.clusters")).isEmpty();
    }
}
