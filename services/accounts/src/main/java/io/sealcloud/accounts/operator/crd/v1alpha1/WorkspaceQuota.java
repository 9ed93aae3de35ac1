package io.sealcloud.accounts.operator.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Quantity;

/** Quota overrides for one workspace; every field is optional and falls back to the configured default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkspaceQuota {

    /** Total CPU limits of all pods ({@code limits.cpu}). */
    private Quantity cpu;

    /** Total memory limits of all pods ({@code limits.memory}). */
    private Quantity memory;

    /** Total requested persistent storage ({@code requests.storage}). */
    private Quantity storage;

    /** Number of pods. */
    @Min(0)
    private Integer pods;

    /** Number of NodePort services. */
    @Min(0)
    private Integer nodePorts;

    public WorkspaceQuota() {}

    public WorkspaceQuota(Quantity cpu, Quantity memory, Quantity storage, Integer pods, Integer nodePorts) {
        this.cpu = cpu;
        this.memory = memory;
        this.storage = storage;
        this.pods = pods;
        this.nodePorts = nodePorts;
    }

    public Quantity getCpu() {
        return cpu;
    }

    public void setCpu(Quantity cpu) {
        this.cpu = cpu;
    }

    public Quantity getMemory() {
        return memory;
    }

    public void setMemory(Quantity memory) {
        this.memory = memory;
    }

    public Quantity getStorage() {
        return storage;
    }

    public void setStorage(Quantity storage) {
        this.storage = storage;
    }

    public Integer getPods() {
        return pods;
    }

    public void setPods(Integer pods) {
        this.pods = pods;
    }

    public Integer getNodePorts() {
        return nodePorts;
    }

    public void setNodePorts(Integer nodePorts) {
        this.nodePorts = nodePorts;
    }
}
