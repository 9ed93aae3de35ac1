package io.sealcloud.platform.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.ArrayList;
import java.util.List;

/** A tiny namespaced test kind with a status subresource: what a service's CRD looks like to the kit. */
@Group("test.sealcloud.io")
@Version("v1alpha1")
public class Widget extends CustomResource<Widget.Spec, Widget.Status> implements Namespaced {

    /** Desired state: the colour is copied into the child ConfigMap. */
    public static class Spec {
        private String color;

        public String getColor() {
            return color;
        }

        public void setColor(String color) {
            this.color = color;
        }
    }

    /** Observed state. */
    public static class Status implements ConditionedStatus {
        private List<Condition> conditions = new ArrayList<>();
        private Long observedGeneration;

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
    }

    public static Widget of(String namespace, String name, String color) {
        Widget widget = new Widget();
        widget.getMetadata().setNamespace(namespace);
        widget.getMetadata().setName(name);
        Spec spec = new Spec();
        spec.setColor(color);
        widget.setSpec(spec);
        return widget;
    }

    /** The CRD with the status subresource enabled (the mock API server honours it once the CRD exists). */
    public static CustomResourceDefinition crd() {
        return new CustomResourceDefinitionBuilder(
                        CustomResourceDefinitionContext.v1CRDFromCustomResourceType(Widget.class)
                                .build())
                .editSpec()
                .editFirstVersion()
                .withNewSubresources()
                .withNewStatus()
                .endStatus()
                .endSubresources()
                .endVersion()
                .endSpec()
                .build();
    }
}
