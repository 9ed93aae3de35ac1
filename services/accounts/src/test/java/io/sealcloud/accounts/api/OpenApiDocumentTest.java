package io.sealcloud.accounts.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealcloud.testkit.OpenApiLint;
import java.io.IOException;
import java.nio.file.Files;
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

    // redocly lint (security-defined): an operation without a token says so with `security: []`, not by silence.
    @Test
    void theWebhookOperationDeclaresOnPurposeThatItNeedsNoToken() throws IOException {
        JsonNode document = new ObjectMapper().readTree(Files.readString(OpenApiLint.committedDocument()));
        JsonNode webhook = document.path("paths")
                .path("/api/accounts/v1/payments/webhooks/{provider}")
                .path("post");

        assertThat(webhook.path("operationId").asText()).isEqualTo("PaymentWebhookResource_receive");
        assertThat(webhook.has("security")).as("security is declared").isTrue();
        assertThat(webhook.path("security").isArray()
                        && webhook.path("security").isEmpty())
                .as("security: []")
                .isTrue();
    }
}
