package io.sealcloud.accounts.operator.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Optional;

/**
 * A tenant of the cloud: one Kubernetes namespace {@code ns-<name>} with its guard rails. Cluster-scoped (it owns a
 * namespace); {@code metadata.name} is the workspace id. Written by the accounts service from its database, reconciled
 * by its {@code WorkspaceReconciler}.
 */
@Group(Workspace.GROUP)
@Version(Workspace.VERSION)
@Kind("Workspace")
@Plural("workspaces")
@Singular("workspace")
@ShortNames("ws")
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Reason",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class Workspace extends CustomResource<WorkspaceSpec, WorkspaceStatus> {

    public static final String GROUP = "accounts.sealcloud.io";
    public static final String VERSION = "v1alpha1";

    /** The summary condition type; true when every other condition is. */
    public static final String READY = "Ready";

    /** The condition of the given type, if the status has it. */
    public Optional<Condition> condition(String type) {
        if (getStatus() == null || getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst();
    }

    /** True when the summary condition is {@code Ready=True} for the current generation. */
    @JsonIgnore
    public boolean isReady() {
        return condition(READY)
                .filter(c -> "True".equals(c.getStatus()))
                .filter(c -> getMetadata().getGeneration() == null
                        || getMetadata().getGeneration().equals(c.getObservedGeneration()))
                .isPresent();
    }
}
