package io.sealcloud.accounts.operator.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import io.sealcloud.platform.operator.ConditionedStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the controller observed: one condition per guard rail ({@code NamespaceReady}, {@code QuotaReady}, {@code
 * NetworkReady}, {@code RbacReady}) and the summary {@code Ready}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkspaceStatus implements ConditionedStatus {

    private List<Condition> conditions = new ArrayList<>();

    /** The spec generation these conditions describe. */
    private Long observedGeneration;

    @PrinterColumn(name = "Namespace")
    private String namespace;

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

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WorkspaceStatus s
                && Objects.equals(conditions, s.conditions)
                && Objects.equals(observedGeneration, s.observedGeneration)
                && Objects.equals(namespace, s.namespace);
    }

    @Override
    public int hashCode() {
        return Objects.hash(conditions, observedGeneration, namespace);
    }
}
