package io.sealcloud.accounts.operator.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** What a workspace should be: who owns it, what kind it is and (optionally) quota different from the defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkspaceSpec {

    @Required
    @PrinterColumn(name = "Display Name")
    private String displayName;

    @Required
    private WorkspaceOwner owner;

    @Required
    @Pattern("^(personal|team)$")
    @PrinterColumn(name = "Kind")
    private String kind;

    /** Per-workspace quota; unset fields take the service's configured defaults. */
    private WorkspaceQuota quota;

    /** Every member with their role (the owner included); each gets a ServiceAccount and a RoleBinding. */
    private List<WorkspaceMember> members;

    /**
     * True while any suspension reason holds: workloads scaled to 0, CronJobs suspended, quota zero. Lifting it
     * restores every workload exactly as it was.
     */
    @PrinterColumn(name = "Suspended")
    private Boolean suspended;

    /** Why it is suspended ({@code debt}, {@code ops}, ...), sorted; empty when not suspended. */
    private List<String> suspensionReasons;

    /**
     * True while the owner's account is in {@code debt-deletion} or {@code final-deletion}: the controller deletes the
     * workspace's workloads (not the namespace, its volumes or its configuration). Unset otherwise.
     */
    private Boolean deleteWorkloads;

    public WorkspaceSpec() {}

    public WorkspaceSpec(String displayName, WorkspaceOwner owner, String kind, WorkspaceQuota quota) {
        this.displayName = displayName;
        this.owner = owner;
        this.kind = kind;
        this.quota = quota;
    }

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    public WorkspaceOwner getOwner() {
        return owner;
    }

    public void setOwner(WorkspaceOwner owner) {
        this.owner = owner;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public WorkspaceQuota getQuota() {
        return quota;
    }

    public void setQuota(WorkspaceQuota quota) {
        this.quota = quota;
    }

    public List<WorkspaceMember> getMembers() {
        return members;
    }

    public void setMembers(List<WorkspaceMember> members) {
        this.members = members;
    }

    public Boolean getSuspended() {
        return suspended;
    }

    public void setSuspended(Boolean suspended) {
        this.suspended = suspended;
    }

    public List<String> getSuspensionReasons() {
        return suspensionReasons;
    }

    public void setSuspensionReasons(List<String> suspensionReasons) {
        this.suspensionReasons = suspensionReasons;
    }

    public Boolean getDeleteWorkloads() {
        return deleteWorkloads;
    }

    public void setDeleteWorkloads(Boolean deleteWorkloads) {
        this.deleteWorkloads = deleteWorkloads;
    }

    /** Whether the workloads should be deleted (an unset flag means no). */
    public boolean workloadDeletionRequested() {
        return Boolean.TRUE.equals(deleteWorkloads);
    }

    /** Whether the workspace should be suspended (an unset flag means no). */
    public boolean suspensionRequested() {
        return Boolean.TRUE.equals(suspended);
    }
}
