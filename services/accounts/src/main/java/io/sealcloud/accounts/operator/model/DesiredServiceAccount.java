package io.sealcloud.accounts.operator.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Names of per-member Kubernetes objects: after the user id (not the username), so a renamed user keeps the same
 * objects and two usernames can never map to one name.
 */
public final class DesiredServiceAccount {

    static final String PREFIX = "u-";
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

    private DesiredServiceAccount() {}

    /**
     * {@code u-<user id>} when that is a DNS label of at most 42 characters (Keycloak ids are UUIDs: 38), otherwise
     * {@code u-} and a digest of the id; short enough to prefix with a workspace id or a role name.
     */
    public static String name(String userId) {
        String candidate = PREFIX + userId;
        if (candidate.length() <= 42 && DNS_LABEL.matcher(candidate).matches()) {
            return candidate;
        }
        return PREFIX + sha256(userId).substring(0, 40);
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
