package io.sealcloud.clusters.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealcloud.testkit.OpenApiLint;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The committed OpenAPI document (written by the build) is valid and follows the project's rules (OpenApiLint). */
class OpenApiDocumentTest {

    @Test
    void theCommittedDocumentIsValidAndEveryOperationIsNamedSecuredAndDescribesItsProblems() {
        assertThat(OpenApiLint.check(OpenApiLint.committedDocument(), Set.of())).isEmpty();
    }
}
