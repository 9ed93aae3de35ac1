package io.sealcloud.accounts.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A user's role in a workspace; what every authorization decision reads. */
@Entity
@Table(name = "memberships")
public class Membership {

    @EmbeddedId
    public Key key;

    @Convert(converter = WorkspaceRoleConverter.class)
    @Column(nullable = false)
    public WorkspaceRole role;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public Membership() {}

    public Membership(String workspaceId, String userId, WorkspaceRole role, Instant createdAt) {
        this.key = new Key(workspaceId, userId);
        this.role = role;
        this.createdAt = createdAt;
    }

    /** (workspace, user): a user is a member of a workspace at most once. */
    @Embeddable
    public static class Key implements Serializable {

        @Column(name = "workspace_id")
        public String workspaceId;

        @Column(name = "user_id")
        public String userId;

        public Key() {}

        public Key(String workspaceId, String userId) {
            this.workspaceId = workspaceId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(workspaceId, k.workspaceId) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(workspaceId, userId);
        }
    }
}
