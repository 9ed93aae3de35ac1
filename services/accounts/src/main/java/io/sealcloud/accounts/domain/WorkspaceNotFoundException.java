package io.sealcloud.accounts.domain;

/** No workspace with this id that the caller is a member of (whether it exists is not revealed). */
public class WorkspaceNotFoundException extends RuntimeException {

    public WorkspaceNotFoundException(String id) {
        super("Workspace '" + id + "' was not found.");
    }
}
