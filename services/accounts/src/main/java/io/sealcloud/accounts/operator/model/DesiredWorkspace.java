package io.sealcloud.accounts.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.sealcloud.accounts.domain.WorkspaceInfo;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import io.sealcloud.accounts.operator.crd.v1alpha1.WorkspaceOwner;
import io.sealcloud.accounts.operator.crd.v1alpha1.WorkspaceSpec;
import java.util.Map;

/** The Workspace resource a database workspace should have (the database is the source of truth for the spec). */
public final class DesiredWorkspace {

    private DesiredWorkspace() {}

    public static Workspace of(WorkspaceInfo info) {
        Workspace workspace = new Workspace();
        workspace.setMetadata(new ObjectMetaBuilder()
                .withName(info.id())
                .withLabels(Map.of(
                        WorkspaceObjects.MANAGED_BY_LABEL,
                        WorkspaceObjects.MANAGED_BY,
                        WorkspaceObjects.WORKSPACE_LABEL,
                        info.id()))
                .build());
        workspace.setSpec(new WorkspaceSpec(
                info.displayName(),
                new WorkspaceOwner(info.ownerId(), info.ownerUsername()),
                info.kind().wire(),
                null));
        return workspace;
    }
}
