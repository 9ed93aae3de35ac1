package io.sealcloud.accounts.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Invitation codes: 256 random bits, URL-safe; stored only as their SHA-256. */
public final class InvitationCodes {

    private static final SecureRandom RANDOM = new SecureRandom();

    private InvitationCodes() {}

    /** A fresh code: 43 characters of base64url (no padding). */
    public static String newCode() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A fresh invitation id ({@code inv-} and 20 hex characters); not a secret. */
    public static String newId() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return "inv-" + HexFormat.of().formatHex(bytes);
    }

    public static String sha256(String code) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
