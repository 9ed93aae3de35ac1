package io.sealcloud.metering.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Deterministic charge ids: the same (workspace, window, resource, attribution) always gives the same id, so a window
 * settled twice (catch-up, a replay) yields the same id and accounts debits it once. The readable part helps humans;
 * the hash of the exact tuple makes ids distinct even where the readable part is shortened or ambiguous.
 */
public final class ChargeIds {

    private static final DateTimeFormatter WINDOW =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private ChargeIds() {}

    /** {@code ch-<workspace>-<window start>-<resource slug>-<hash>}; at most 120 characters, matches the contract. */
    public static String of(String workspaceId, Instant windowStart, String resource, Attribution attribution) {
        String slug = resource.replaceAll("[^A-Za-z0-9]+", "-");
        if (slug.length() > 32) {
            slug = slug.substring(0, 32);
        }
        String tuple = String.join(
                "\u0000", workspaceId, windowStart.toString(), resource, attribution.kind(), attribution.name());
        return "ch-" + workspaceId + "-" + WINDOW.format(windowStart) + "-" + slug + "-" + hash(tuple, 16);
    }

    /** The id of a workspace's usage in one window: {@code us-<workspace>-<window start>} (usage.recorded.v1). */
    public static String usage(String workspaceId, Instant windowStart) {
        return "us-" + workspaceId + "-" + WINDOW.format(windowStart);
    }

    /** The n-th correction (1, 2, …) of a charge: {@code <charge id>.c<n>}. */
    public static String correction(String chargeId, int n) {
        return chargeId + ".c" + n;
    }

    static String hash(String text, int chars) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder(chars);
            int buffer = 0;
            int bits = 0;
            for (int i = 0; out.length() < chars; i++) {
                buffer = (buffer << 8) | (digest[i] & 0xff);
                bits += 8;
                while (bits >= 5 && out.length() < chars) {
                    out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                    bits -= 5;
                }
            }
            return out.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
