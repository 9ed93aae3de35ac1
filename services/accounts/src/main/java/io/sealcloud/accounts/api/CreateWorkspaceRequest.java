package io.sealcloud.accounts.api;

import io.sealcloud.accounts.domain.WorkspaceNames;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A new team workspace.
 *
 * @param name DNS label, 3–40 characters: lower-case letters, digits and '-', starting with a letter
 * @param displayName shown in UIs; defaults to the name
 */
public record CreateWorkspaceRequest(
        @NotNull
        @Pattern(
                regexp = WorkspaceNames.REGEX,
                message = "must be 3 to 40 lower-case letters, digits or '-', start with a letter and not"
                        + " end with '-'")
        String name,

        @Size(max = 100) String displayName) {}
