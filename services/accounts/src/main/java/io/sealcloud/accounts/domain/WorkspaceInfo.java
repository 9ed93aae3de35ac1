package io.sealcloud.accounts.domain;

import java.time.Instant;

/**
 * A workspace as the rest of the service sees it (entities stay in the service layer), with the owner's username
 * (for RBAC subjects) and, when read for a member, that member's role.
 */
public record WorkspaceInfo(
        String id,
        String name,
        String displayName,
        WorkspaceKind kind,
        String ownerId,
        String ownerUsername,
        String namespace,
        boolean ready,
        String phase,
        String statusMessage,
        Instant createdAt,
        WorkspaceRole role) {

    /** Without a member's point of view (the controller's and the sync's reads). */
    public WorkspaceInfo(
            String id,
            String name,
            String displayName,
            WorkspaceKind kind,
            String ownerId,
            String ownerUsername,
            String namespace,
            boolean ready,
            String phase,
            String statusMessage,
            Instant createdAt) {
        this(
                id,
                name,
                displayName,
                kind,
                ownerId,
                ownerUsername,
                namespace,
                ready,
                phase,
                statusMessage,
                createdAt,
                null);
    }
}
