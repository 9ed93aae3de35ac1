package io.sealcloud.clusters.operator.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the cluster should be, as the clusters service's database says (it overwrites any other change). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KubeClusterSpec {

    @Required
    @JsonPropertyDescription("The workspace id (the namespace is ns-<workspaceId>).")
    private String workspaceId;

    @Required
    @JsonPropertyDescription("virtual (control plane as pods in this namespace) or capi (Cluster API objects).")
    private String provider;

    @Required
    @JsonPropertyDescription("Kubernetes version, major.minor.patch.")
    private String kubernetesVersion;

    @JsonPropertyDescription("Node pools (capi only).")
    private List<NodePoolSpec> nodePools = new ArrayList<>();

    @JsonPropertyDescription("True: control plane and nodes scaled to zero, data kept.")
    private Boolean hibernated;

    @Required
    @JsonPropertyDescription("The generation of the intent in the clusters service's database.")
    private Long intentGeneration;

    public String getWorkspaceId() {
        return workspaceId;
    }

    public void setWorkspaceId(String workspaceId) {
        this.workspaceId = workspaceId;
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public String getKubernetesVersion() {
        return kubernetesVersion;
    }

    public void setKubernetesVersion(String kubernetesVersion) {
        this.kubernetesVersion = kubernetesVersion;
    }

    public List<NodePoolSpec> getNodePools() {
        return nodePools;
    }

    public void setNodePools(List<NodePoolSpec> nodePools) {
        this.nodePools = nodePools;
    }

    public Boolean getHibernated() {
        return hibernated;
    }

    public void setHibernated(Boolean hibernated) {
        this.hibernated = hibernated;
    }

    public boolean hibernated() {
        return Boolean.TRUE.equals(hibernated);
    }

    public Long getIntentGeneration() {
        return intentGeneration;
    }

    public void setIntentGeneration(Long intentGeneration) {
        this.intentGeneration = intentGeneration;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KubeClusterSpec s
                && Objects.equals(workspaceId, s.workspaceId)
                && Objects.equals(provider, s.provider)
                && Objects.equals(kubernetesVersion, s.kubernetesVersion)
                && Objects.equals(nodePools, s.nodePools)
                && Objects.equals(hibernated, s.hibernated)
                && Objects.equals(intentGeneration, s.intentGeneration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(workspaceId, provider, kubernetesVersion, nodePools, hibernated, intentGeneration);
    }
}
