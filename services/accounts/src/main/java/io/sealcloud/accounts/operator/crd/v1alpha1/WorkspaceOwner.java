package io.sealcloud.accounts.operator.crd.v1alpha1;

import io.fabric8.generator.annotation.Required;

/** The workspace owner: the identity-provider user id ({@code sub}) and the username RBAC subjects are built from. */
public class WorkspaceOwner {

    @Required
    private String id;

    @Required
    private String username;

    public WorkspaceOwner() {}

    public WorkspaceOwner(String id, String username) {
        this.id = id;
        this.username = username;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }
}
