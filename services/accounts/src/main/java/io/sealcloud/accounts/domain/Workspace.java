package io.sealcloud.accounts.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A tenant: one namespace, one owner, members with roles. */
@Entity
@Table(name = "workspaces")
public class Workspace {

    @Id
    public String id;

    /** DNS label, unique among the owner's workspaces. */
    @Column(nullable = false)
    public String name;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    @Convert(converter = WorkspaceKindConverter.class)
    @Column(nullable = false)
    public WorkspaceKind kind;

    @Column(name = "owner_id", nullable = false)
    public String ownerId;

    @Column(nullable = false)
    public String namespace;

    /** Set once, by the controller, when the namespace and its guard rails first became ready. */
    @Column(nullable = false)
    public boolean ready;

    @Column(name = "ready_at")
    public Instant readyAt;

    /** Last phase the controller reported: Pending, Provisioning, Ready or Failed. */
    @Column(nullable = false)
    public String phase;

    /** Why the workspace is not ready (the first failing condition's message), null when ready. */
    @Column(name = "status_message")
    public String statusMessage;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Quota overrides set by ops; null = the configured default. */
    @Column(name = "quota_cpu")
    public String quotaCpu;

    @Column(name = "quota_memory")
    public String quotaMemory;

    @Column(name = "quota_storage")
    public String quotaStorage;

    @Column(name = "quota_pods")
    public Integer quotaPods;

    @Column(name = "quota_node_ports")
    public Integer quotaNodePorts;

    public QuotaOverrides quota() {
        return new QuotaOverrides(quotaCpu, quotaMemory, quotaStorage, quotaPods, quotaNodePorts);
    }
}
