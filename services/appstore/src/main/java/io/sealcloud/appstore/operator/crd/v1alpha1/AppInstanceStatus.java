package io.sealcloud.appstore.operator.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import io.sealcloud.platform.operator.ConditionedStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the controller observed: conditions {@code Progressing}, {@code Ready}, {@code Degraded} (with reasons), the
 * revision whose objects are applied, and each object's readiness.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AppInstanceStatus implements ConditionedStatus {

    private List<Condition> conditions = new ArrayList<>();
    private Long observedGeneration;
    private Integer revision;
    private List<ObjectStatus> objects = new ArrayList<>();

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

    public Integer getRevision() {
        return revision;
    }

    public void setRevision(Integer revision) {
        this.revision = revision;
    }

    public List<ObjectStatus> getObjects() {
        return objects;
    }

    public void setObjects(List<ObjectStatus> objects) {
        this.objects = objects;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AppInstanceStatus s
                && Objects.equals(conditions, s.conditions)
                && Objects.equals(observedGeneration, s.observedGeneration)
                && Objects.equals(revision, s.revision)
                && Objects.equals(objects, s.objects);
    }

    @Override
    public int hashCode() {
        return Objects.hash(conditions, observedGeneration, revision, objects);
    }
}
