package io.sealcloud.clusters.operator.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** A node pool: its flavor and how many nodes it should have while the cluster is awake. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodePoolSpec {

    @Required
    @JsonPropertyDescription("The pool's name (a MachineDeployment <cluster>-<name> for capi).")
    private String name;

    @Required
    @JsonPropertyDescription("The flavor: CPU and memory of each node (the platform's configuration).")
    private String flavor;

    @Required
    @JsonPropertyDescription("Nodes while awake.")
    private Integer replicas;

    public NodePoolSpec() {}

    public NodePoolSpec(String name, String flavor, Integer replicas) {
        this.name = name;
        this.flavor = flavor;
        this.replicas = replicas;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getFlavor() {
        return flavor;
    }

    public void setFlavor(String flavor) {
        this.flavor = flavor;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodePoolSpec p
                && Objects.equals(name, p.name)
                && Objects.equals(flavor, p.flavor)
                && Objects.equals(replicas, p.replicas);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, flavor, replicas);
    }
}
