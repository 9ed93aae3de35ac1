package io.sealcloud.accounts.domain;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe-style webhook signatures: header {@code Sealcloud-Signature: t=<unix seconds>,v1=<hex>}, where {@code v1} is
 * HMAC-SHA256 with the shared secret over {@code "<t>." + raw body}. Several {@code v1} values are allowed (a provider
 * rotating its secret signs with both); one must match. The timestamp must be within the tolerance of now, so a
 * captured request cannot be replayed later.
 */
public final class WebhookSignature {

    /** The header carrying the signature. */
    public static final String HEADER = "Sealcloud-Signature";

    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {}

    /** Why a signature was not accepted. */
    public enum Failure {
        MISSING,
        MALFORMED,
        STALE,
        MISMATCH
    }

    /** Signature verification failed. */
    public static final class InvalidSignatureException extends RuntimeException {
        private final Failure failure;

        InvalidSignatureException(Failure failure, String message) {
            super(message, null, false, false);
            this.failure = failure;
        }

        public Failure failure() {
            return failure;
        }
    }

    /** The header value a sender puts on {@code body} at {@code time}. */
    public static String sign(String secret, Instant time, byte[] body) {
        long t = time.getEpochSecond();
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(hmac(secret, t, body));
    }

    /**
     * Verifies {@code header} for {@code body}; returns the signed time. Throws {@link InvalidSignatureException} when
     * the header is missing or malformed, the time is outside {@code tolerance} of {@code now}, or no {@code v1}
     * matches.
     */
    public static Instant verify(String header, byte[] body, String secret, Instant now, Duration tolerance) {
        if (header == null || header.isBlank()) {
            throw new InvalidSignatureException(Failure.MISSING, "The request carries no " + HEADER + " header.");
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw malformed();
            }
            String key = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            try {
                if (key.equals("t")) {
                    if (timestamp != null) {
                        throw malformed();
                    }
                    timestamp = Long.parseLong(value);
                } else if (key.equals("v1")) {
                    signatures.add(HexFormat.of().parseHex(value));
                }
                // Other schemes (v0, future ones) are ignored, as Stripe does.
            } catch (IllegalArgumentException e) {
                throw malformed();
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            throw malformed();
        }
        // A time no Instant can hold (t=9223372036854775807) is as stale as any other far from now, not an error.
        boolean representable = timestamp >= Instant.MIN.getEpochSecond() && timestamp <= Instant.MAX.getEpochSecond();
        Instant signedAt = representable ? Instant.ofEpochSecond(timestamp) : null;
        if (!representable || Duration.between(signedAt, now).abs().compareTo(tolerance) > 0) {
            throw new InvalidSignatureException(
                    Failure.STALE, "The signature's timestamp is outside the tolerance of " + tolerance + ".");
        }
        byte[] expected = hmac(secret, timestamp, body);
        boolean match = false;
        for (byte[] candidate : signatures) {
            // Constant-time: how much of a guess matched must not show in the response time.
            match |= MessageDigest.isEqual(expected, candidate);
        }
        if (!match) {
            throw new InvalidSignatureException(Failure.MISMATCH, "The signature does not match the request body.");
        }
        return signedAt;
    }

    private static InvalidSignatureException malformed() {
        return new InvalidSignatureException(
                Failure.MALFORMED, "The " + HEADER + " header is not of the form t=<unix seconds>,v1=<hex>.");
    }

    private static byte[] hmac(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
