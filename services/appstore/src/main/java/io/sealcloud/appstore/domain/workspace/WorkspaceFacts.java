package io.sealcloud.appstore.domain.workspace;

import java.util.List;

/** A workspace as the app store knows it from accounts' events, seen by one caller. */
public record WorkspaceFacts(
        String id, String namespace, boolean suspended, List<String> suspensionReasons, WorkspaceRole role) {}
