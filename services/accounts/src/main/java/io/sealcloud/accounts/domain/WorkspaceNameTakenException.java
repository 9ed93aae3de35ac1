package io.sealcloud.accounts.domain;

/** The caller already owns a workspace with this name. */
public class WorkspaceNameTakenException extends RuntimeException {

    private final String name;

    public WorkspaceNameTakenException(String name) {
        super("You already have a workspace named '" + name + "'.");
        this.name = name;
    }

    public String name() {
        return name;
    }
}
