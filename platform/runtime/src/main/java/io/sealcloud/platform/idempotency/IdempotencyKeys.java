package io.sealcloud.platform.idempotency;

import io.sealcloud.platform.problem.ProblemException;

/** Parses and validates {@code Idempotency-Key} header values. */
public final class IdempotencyKeys {

    /** Longest key accepted. */
    public static final int MAX_LENGTH = 255;

    private IdempotencyKeys() {}

    /**
     * The key carried by a header value: a Structured Field string ({@code "abc"}, as the IETF draft writes it) or the
     * bare token most clients send ({@code abc}); both name the same key.
     *
     * @throws ProblemException 400 {@code invalid-idempotency-key} unless the key is 1–255 visible ASCII characters
     */
    public static String parse(String headerValue) {
        String value = headerValue.strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = unescape(value.substring(1, value.length() - 1));
        }
        if (value.isEmpty() || value.length() > MAX_LENGTH || !isVisibleAscii(value)) {
            throw new ProblemException(
                    400,
                    "invalid-idempotency-key",
                    "Invalid Idempotency-Key",
                    "The Idempotency-Key header must be 1 to " + MAX_LENGTH
                            + " visible ASCII characters (a UUID is a good choice).");
        }
        return value;
    }

    private static boolean isVisibleAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** sf-string escapes: only {@code \"} and {@code \\}; anything else makes the key invalid (kept as is). */
    private static String unescape(String quoted) {
        StringBuilder result = new StringBuilder(quoted.length());
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length() && (quoted.charAt(i + 1) == '"' || quoted.charAt(i + 1) == '\\')) {
                result.append(quoted.charAt(++i));
            } else if (c == '"' || c == '\\') {
                return "\u0000"; // an unescaped quote or a bad escape: not a valid sf-string
            } else {
                result.append(c);
            }
        }
        return result.toString();
    }
}
