package io.sealcloud.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealcloud.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

    @Test
    void acceptsABareToken() {
        assertThat(IdempotencyKeys.parse("8e03978e-40d5-43e8-bc93-6894a57f9324"))
                .isEqualTo("8e03978e-40d5-43e8-bc93-6894a57f9324");
    }

    @Test
    void readsAStructuredFieldStringAsTheSameKey() {
        assertThat(IdempotencyKeys.parse("\"abc\"")).isEqualTo(IdempotencyKeys.parse("abc"));
        assertThat(IdempotencyKeys.parse("\"a\\\"b\"")).isEqualTo("a\"b");
    }

    @Test
    void acceptsTheLongestAllowedKey() {
        assertThat(IdempotencyKeys.parse("k".repeat(255))).hasSize(255);
    }

    @Test
    void rejectsEmptyTooLongAndInvisibleKeys() {
        for (String bad : new String[] {"", "\"\"", "k".repeat(256), "\"two words\"", "caf\u00e9", "tab\there"}) {
            assertThatThrownBy(() -> IdempotencyKeys.parse(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.slug()).isEqualTo("invalid-idempotency-key");
                    });
        }
    }

    @Test
    void rejectsAMalformedStructuredFieldString() {
        assertThatThrownBy(() -> IdempotencyKeys.parse("\"a\"b\"")).isInstanceOf(ProblemException.class);
    }
}
