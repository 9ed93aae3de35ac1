package io.sealcloud.accounts.domain;

import java.time.Instant;

/** A kubeconfig as issued: the YAML document and what it grants. */
public record IssuedKubeconfig(
        String kubeconfig, String namespace, String serviceAccount, WorkspaceRole role, Instant expiresAt) {}
