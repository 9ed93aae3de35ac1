package io.sealcloud.accounts.api;

import io.sealcloud.accounts.domain.IssuedKubeconfig;
import java.time.Instant;

/**
 * A kubeconfig (YAML, in {@code kubeconfig}) for the caller's ServiceAccount in the workspace, and what it grants:
 * the namespace, the account, the caller's role, and when the token expires.
 */
public record KubeconfigView(
        String kubeconfig, String namespace, String serviceAccount, String role, Instant expiresAt) {

    static KubeconfigView of(IssuedKubeconfig issued) {
        return new KubeconfigView(
                issued.kubeconfig(),
                issued.namespace(),
                issued.serviceAccount(),
                issued.role().wire(),
                issued.expiresAt());
    }
}
