package io.sealcloud.accounts.domain;

import java.security.SecureRandom;

/**
 * Opaque ids of ledger entries ({@code le_…}), payment orders ({@code po_…}) and refunds ({@code rf_…}): a prefix and
 * 24 random lower-case base32 characters (120 bits), matching the contracts' {@code [A-Za-z0-9_-]} pattern.
 */
public final class MoneyIds {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private MoneyIds() {}

    public static String entry() {
        return random("le_", 24);
    }

    public static String order() {
        return random("po_", 24);
    }

    public static String refund() {
        return random("rf_", 24);
    }

    /** A recorded provider payment ({@code pp_…}). */
    public static String providerPayment() {
        return random("pp_", 24);
    }

    /** A gift code: 16 upper-case characters in groups of four ({@code ABCD-EFGH-…}), 80 bits. */
    public static String giftCode() {
        String raw = random("", 16).toUpperCase(java.util.Locale.ROOT);
        return raw.substring(0, 4) + "-" + raw.substring(4, 8) + "-" + raw.substring(8, 12) + "-" + raw.substring(12);
    }

    private static String random(String prefix, int length) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < length; i++) {
            id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }
}
