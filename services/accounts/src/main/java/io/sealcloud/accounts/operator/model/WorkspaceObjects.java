package io.sealcloud.accounts.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import java.util.LinkedHashMap;
import java.util.Map;

/** What every object a Workspace owns has in common: its namespace, labels and owner reference. */
public final class WorkspaceObjects {

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "sealcloud-accounts";
    public static final String WORKSPACE_LABEL = "sealcloud.io/workspace";

    private WorkspaceObjects() {}

    /** The namespace of a workspace, {@code ns-<id>}. */
    public static String namespace(Workspace workspace) {
        return "ns-" + workspace.getMetadata().getName();
    }

    /** {@code app.kubernetes.io/managed-by} and {@code sealcloud.io/workspace}. */
    public static Map<String, String> labels(Workspace workspace) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        labels.put(WORKSPACE_LABEL, workspace.getMetadata().getName());
        return labels;
    }

    /**
     * Makes the Workspace the controlling owner: deleting it deletes its children (a cluster-scoped owner is valid for
     * namespaced children and for the Namespace itself).
     */
    public static OwnerReference ownerReference(Workspace workspace) {
        return new OwnerReferenceBuilder()
                .withApiVersion(workspace.getApiVersion())
                .withKind(workspace.getKind())
                .withName(workspace.getMetadata().getName())
                .withUid(workspace.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    /** Metadata of a child object in the workspace's namespace. */
    public static ObjectMeta childMeta(Workspace workspace, String name) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(namespace(workspace))
                .withLabels(labels(workspace))
                .withOwnerReferences(ownerReference(workspace))
                .build();
    }
}
