package io.sealcloud.clusters.operator.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import io.sealcloud.platform.operator.ConditionedStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the controller observed: {@code Ready}/{@code Progressing}/{@code Degraded} and the per-step conditions (with
 * the engine's reasons), the phase, the version the control plane runs and its endpoint.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KubeClusterStatus implements ConditionedStatus {

    private List<Condition> conditions = new ArrayList<>();
    private Long observedGeneration;
    private String phase;
    private String version;
    private String endpoint;

    @Override
    public List<Condition> getConditions() {
        return conditions;
    }

    @Override
    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    @Override
    public Long getObservedGeneration() {
        return observedGeneration;
    }

    @Override
    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KubeClusterStatus s
                && Objects.equals(conditions, s.conditions)
                && Objects.equals(observedGeneration, s.observedGeneration)
                && Objects.equals(phase, s.phase)
                && Objects.equals(version, s.version)
                && Objects.equals(endpoint, s.endpoint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(conditions, observedGeneration, phase, version, endpoint);
    }
}
