package io.sealcloud.accounts.operator.model;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import java.util.Map;

/** The workspace's namespace, held to the {@code restricted} Pod Security Standard in all three modes. */
public final class DesiredNamespace {

    public static final String PSA_LEVEL = "restricted";

    private DesiredNamespace() {}

    public static Namespace of(Workspace workspace) {
        Map<String, String> labels = WorkspaceObjects.labels(workspace);
        labels.put("pod-security.kubernetes.io/enforce", PSA_LEVEL);
        labels.put("pod-security.kubernetes.io/enforce-version", "latest");
        labels.put("pod-security.kubernetes.io/audit", PSA_LEVEL);
        labels.put("pod-security.kubernetes.io/warn", PSA_LEVEL);
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(WorkspaceObjects.namespace(workspace))
                .withLabels(labels)
                .withOwnerReferences(WorkspaceObjects.ownerReference(workspace))
                .endMetadata()
                .build();
    }
}
