package io.sealcloud.accounts.api;

import java.util.List;

/** The caller's workspaces; an object rather than a bare array so paging can be added without breaking clients. */
public record WorkspaceList(List<WorkspaceView> items) {}
