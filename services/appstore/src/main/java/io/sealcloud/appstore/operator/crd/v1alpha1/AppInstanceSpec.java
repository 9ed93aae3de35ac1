package io.sealcloud.appstore.operator.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** What an instance should run: a template version and the revision (kept in the app store's database) to apply. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AppInstanceSpec {

    @Required
    @JsonPropertyDescription("The workspace id (the namespace is ns-<workspaceId>).")
    private String workspaceId;

    @Required
    @JsonPropertyDescription("The catalog template.")
    private String template;

    @Required
    @JsonPropertyDescription("The template version of the revision.")
    private String version;

    @Required
    @JsonPropertyDescription("The revision to run; its rendered objects are stored by the app store.")
    private Integer revision;

    @JsonPropertyDescription(
            "keep (default) or delete: volume claims the revision no longer renders, and at uninstall.")
    private String pvcPolicy;

    public String getWorkspaceId() {
        return workspaceId;
    }

    public void setWorkspaceId(String workspaceId) {
        this.workspaceId = workspaceId;
    }

    public String getTemplate() {
        return template;
    }

    public void setTemplate(String template) {
        this.template = template;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public Integer getRevision() {
        return revision;
    }

    public void setRevision(Integer revision) {
        this.revision = revision;
    }

    public String getPvcPolicy() {
        return pvcPolicy;
    }

    public void setPvcPolicy(String pvcPolicy) {
        this.pvcPolicy = pvcPolicy;
    }

    /** Whether volume claims are deleted (otherwise kept, released from the instance). */
    public boolean deletesVolumes() {
        return "delete".equals(pvcPolicy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AppInstanceSpec s
                && Objects.equals(workspaceId, s.workspaceId)
                && Objects.equals(template, s.template)
                && Objects.equals(version, s.version)
                && Objects.equals(revision, s.revision)
                && Objects.equals(pvcPolicy, s.pvcPolicy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(workspaceId, template, version, revision, pvcPolicy);
    }
}
