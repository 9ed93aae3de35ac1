package io.sealcloud.platform.operator;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * A custom resource status with {@code conditions[]} and {@code observedGeneration}; {@link StatusUpdater} sets the
 * generation it was computed from before writing.
 */
public interface ConditionedStatus {

    List<Condition> getConditions();

    void setConditions(List<Condition> conditions);

    Long getObservedGeneration();

    void setObservedGeneration(Long observedGeneration);
}
