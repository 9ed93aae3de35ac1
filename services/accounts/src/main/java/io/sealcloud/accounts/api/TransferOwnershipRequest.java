package io.sealcloud.accounts.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The member (user id) who becomes the owner; the current owner becomes a manager. */
public record TransferOwnershipRequest(
        @NotBlank @Size(max = 255) String userId) {}
