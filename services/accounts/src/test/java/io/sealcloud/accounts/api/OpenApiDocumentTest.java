package io.sealcloud.accounts.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealcloud.testkit.OpenApiLint;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The committed OpenAPI document (written by the build) is valid and follows the project's rules (OpenApiLint). */
class OpenApiDocumentTest {

    // The payment provider calls the webhook without a token: its HMAC signature authenticates it.
    @Test
    void theCommittedDocumentIsValidAndEveryOperationIsNamedSecuredAndDescribesItsProblems() {
        assertThat(OpenApiLint.check(OpenApiLint.committedDocument(), Set.of("PaymentWebhookResource_receive")))
                .isEmpty();
    }
}
