package io.sealcloud.accounts.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A new display name (the name, a DNS label, never changes). */
public record RenameWorkspaceRequest(
        @NotBlank @Size(max = 100) String displayName) {}
