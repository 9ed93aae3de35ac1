package io.sealcloud.accounts.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final String SECRET = "whsec_test";
    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final byte[] BODY = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void acceptsItsOwnSignatureAndReturnsTheSignedTime() {
        String header = WebhookSignature.sign(SECRET, NOW.minusSeconds(30), BODY);
        assertThat(WebhookSignature.verify(header, BODY, SECRET, NOW, TOLERANCE))
                .isEqualTo(NOW.minusSeconds(30));
    }

    @Test
    void matchesTheKnownStripeStyleDigest() {
        // HMAC-SHA256("whsec_test", "1795608000.{\"id\":\"evt_1\"}"), computed independently with openssl:
        // printf '%s' '1795608000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_test
        String header = WebhookSignature.sign(SECRET, NOW, BODY);
        assertThat(header)
                .isEqualTo("t=1795608000,v1=756d4b6bba4e4084c45292f05ef1e52116d5e875c2c5341ec5482a9b3e7b9367");
    }

    @Test
    void acceptsAnyOfSeveralSignaturesDuringSecretRotation() {
        String good = WebhookSignature.sign(SECRET, NOW, BODY);
        String other = WebhookSignature.sign("old-secret", NOW, BODY);
        String both = other + "," + good.substring(good.indexOf("v1="));
        assertThat(WebhookSignature.verify(both, BODY, SECRET, NOW, TOLERANCE)).isEqualTo(NOW);
    }

    @Test
    void refusesATimeNoInstantCanHoldAsStaleInsteadOfFailing() {
        for (long t : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, Instant.MAX.getEpochSecond() + 1}) {
            String header = "t=" + t + ",v1=" + "00".repeat(32);
            assertThatThrownBy(() -> WebhookSignature.verify(header, BODY, SECRET, NOW, TOLERANCE))
                    .isInstanceOfSatisfying(
                            WebhookSignature.InvalidSignatureException.class,
                            e -> assertThat(e.failure()).isEqualTo(WebhookSignature.Failure.STALE));
        }
    }

    @Test
    void refusesATamperedBody() {
        String header = WebhookSignature.sign(SECRET, NOW, BODY);
        byte[] tampered = "{\"id\":\"evt_2\"}".getBytes(StandardCharsets.UTF_8);
        assertFailure(
                () -> WebhookSignature.verify(header, tampered, SECRET, NOW, TOLERANCE),
                WebhookSignature.Failure.MISMATCH);
    }

    @Test
    void refusesAnotherSecret() {
        String header = WebhookSignature.sign("not-the-secret", NOW, BODY);
        assertFailure(
                () -> WebhookSignature.verify(header, BODY, SECRET, NOW, TOLERANCE), WebhookSignature.Failure.MISMATCH);
    }

    @Test
    void refusesATimestampOutsideTheToleranceEitherWay() {
        String old = WebhookSignature.sign(SECRET, NOW.minus(TOLERANCE).minusSeconds(1), BODY);
        String future = WebhookSignature.sign(SECRET, NOW.plus(TOLERANCE).plusSeconds(1), BODY);
        assertFailure(() -> WebhookSignature.verify(old, BODY, SECRET, NOW, TOLERANCE), WebhookSignature.Failure.STALE);
        assertFailure(
                () -> WebhookSignature.verify(future, BODY, SECRET, NOW, TOLERANCE), WebhookSignature.Failure.STALE);
    }

    @Test
    void refusesAMissingOrMalformedHeader() {
        assertFailure(
                () -> WebhookSignature.verify(null, BODY, SECRET, NOW, TOLERANCE), WebhookSignature.Failure.MISSING);
        for (String bad : new String[] {"v1=abcd", "t=abc,v1=00", "t=1795608000", "t=1795608000,v1=zz", "garbage"}) {
            assertFailure(
                    () -> WebhookSignature.verify(bad, BODY, SECRET, NOW, TOLERANCE),
                    WebhookSignature.Failure.MALFORMED);
        }
    }

    private static void assertFailure(Runnable verify, WebhookSignature.Failure expected) {
        assertThatThrownBy(verify::run)
                .isInstanceOfSatisfying(
                        WebhookSignature.InvalidSignatureException.class,
                        e -> assertThat(e.failure()).isEqualTo(expected));
    }
}
