package io.sealcloud.accounts.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import io.sealcloud.accounts.operator.crd.v1alpha1.WorkspaceOwner;
import io.sealcloud.accounts.operator.crd.v1alpha1.WorkspaceQuota;
import io.sealcloud.accounts.operator.crd.v1alpha1.WorkspaceSpec;

/** Workspace resources as the API server would return them (with a uid), for the builder tests. */
final class TestWorkspaces {

    static final String ID = "k3x9q2m7ab";
    static final String UID = "0d5c2a51-7b55-4b0e-9d7e-3c1f6f2a9e10";
    static final String OWNER_ID = "5f0c6a1e-8a4b-4f7e-9c51-2b8d3c9e0a11";
    static final String OWNER_USERNAME = "alice";

    private TestWorkspaces() {}

    static Workspace workspace(WorkspaceQuota quota) {
        Workspace workspace = new Workspace();
        workspace.setMetadata(new ObjectMetaBuilder()
                .withName(ID)
                .withUid(UID)
                .withGeneration(3L)
                .build());
        workspace.setSpec(new WorkspaceSpec("Alice", new WorkspaceOwner(OWNER_ID, OWNER_USERNAME), "personal", quota));
        return workspace;
    }

    static Workspace workspace() {
        return workspace(null);
    }
}
