package io.sealcloud.accounts.operator.model;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The owner's ServiceAccount in the workspace: what kubeconfigs and in-cluster tools act as. Named after the user id
 * (not the username), so a renamed user keeps the same account and two usernames can never map to one name.
 */
public final class DesiredServiceAccount {

    static final String PREFIX = "u-";
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

    private DesiredServiceAccount() {}

    public static ServiceAccount of(Workspace workspace) {
        return new ServiceAccountBuilder()
                .withMetadata(WorkspaceObjects.childMeta(
                        workspace, name(workspace.getSpec().getOwner().getId())))
                .build();
    }

    /**
     * {@code u-<user id>} when that is a DNS label (Keycloak ids are UUIDs), otherwise {@code u-} and a digest of
     * the id.
     */
    public static String name(String userId) {
        String candidate = PREFIX + userId;
        if (candidate.length() <= 63 && DNS_LABEL.matcher(candidate).matches()) {
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
