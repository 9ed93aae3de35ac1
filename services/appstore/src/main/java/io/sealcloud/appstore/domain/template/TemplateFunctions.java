package io.sealcloud.appstore.domain.template;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The functions a template may call: {@code random(n)} and {@code base64(x)}. One instance per render.
 *
 * <p>{@code random} is deterministic for a seed (same template + inputs + seed ⇒ same output) and still unguessable:
 * the characters come from HMAC-SHA256(seed, counter), a keyed pseudo-random stream, so an install's generated
 * passwords are as secret as its seed (256 random bits, kept with the install). Alphabet and length follow Sealos:
 * lowercase letters and digits, so the results are valid in DNS names.
 */
public final class TemplateFunctions {

    static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    /** Upper bound of {@code random(n)}: the largest in the public catalog is 64; more is a mistake or an attack. */
    static final int MAX_RANDOM_LENGTH = 256;

    private final Mac mac;
    private long counter;
    private byte[] block = new byte[0];
    private int position;

    public TemplateFunctions(String seed) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(seed.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** {@code n} random characters from {@code [a-z0-9]}. */
    public String random(Object length) {
        int n = length instanceof Number number ? number.intValue() : Integer.parseInt(JsArithmetic.text(length));
        if (n < 1 || n > MAX_RANDOM_LENGTH) {
            throw new IllegalArgumentException("random(n) needs 1 ≤ n ≤ " + MAX_RANDOM_LENGTH + ", got " + n);
        }
        StringBuilder out = new StringBuilder(n);
        while (out.length() < n) {
            int b = nextByte();
            // Rejection sampling keeps every character equally likely (252 = 7 × 36).
            if (b < 252) {
                out.append(ALPHABET.charAt(b % ALPHABET.length()));
            }
        }
        return out.toString();
    }

    /** Base64 (standard alphabet, padded) of the UTF-8 text of the argument. */
    public String base64(Object value) {
        return Base64.getEncoder().encodeToString(JsArithmetic.text(value).getBytes(StandardCharsets.UTF_8));
    }

    private int nextByte() {
        if (position == block.length) {
            block = mac.doFinal(
                    ByteBuffer.allocate(Long.BYTES).putLong(counter++).array());
            position = 0;
        }
        return block[position++] & 0xff;
    }
}
