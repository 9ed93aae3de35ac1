package io.sealcloud.accounts.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An invitation to a team workspace; the code itself is never stored, only its SHA-256. */
@Entity
@Table(name = "invitations")
public class Invitation {

    public static final String PENDING = "pending";
    public static final String ACCEPTED = "accepted";
    public static final String DECLINED = "declined";
    public static final String REVOKED = "revoked";

    @Id
    public String id;

    @Column(name = "workspace_id", nullable = false)
    public String workspaceId;

    @Column(name = "code_sha256", nullable = false)
    public String codeSha256;

    @Convert(converter = WorkspaceRoleConverter.class)
    @Column(nullable = false)
    public WorkspaceRole role;

    public String email;

    @Column(name = "invited_by", nullable = false)
    public String invitedBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(nullable = false)
    public String state;

    @Column(name = "resolved_by")
    public String resolvedBy;

    @Column(name = "resolved_at")
    public Instant resolvedAt;
}
