package io.sealcloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules pass on a well-layered fixture service and name each deliberately wrong import of a bad one. */
class ArchitectureRulesTest {

    @Test
    void aWellLayeredServiceHasNoViolation() {
        var classes = new ClassFileImporter().importPackages("io.sealcloud.archfixture.good", "io.sealcloud.platform");

        assertThat(ArchitectureRules.violations(classes, "io.sealcloud.archfixture.good"))
                .isEmpty();
    }

    @Test
    void eachWrongImportIsReportedWithItsRule() {
        var classes = new ClassFileImporter().importPackages("io.sealcloud.archfixture.bad");

        List<String> violations = ArchitectureRules.violations(classes, "io.sealcloud.archfixture.bad");

        assertThat(violations)
                .anySatisfy(v -> assertThat(v)
                        .startsWith("a service never imports operator")
                        .contains("BadService")
                        .contains("Reconciles"))
                .anySatisfy(v -> assertThat(v)
                        .startsWith("a service imports no other service")
                        .contains("OtherService"))
                .anySatisfy(v -> assertThat(v).startsWith("domain is plain").contains("Leaky"))
                .anySatisfy(v -> assertThat(v)
                        .startsWith("operator.model builds desired state")
                        .contains("KubernetesClient"));
    }
}
