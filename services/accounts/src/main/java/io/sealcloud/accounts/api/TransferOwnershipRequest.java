package io.sealcloud.accounts.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The member (user id) offered the ownership; once they accept, they are the owner and the current owner a manager. */
public record TransferOwnershipRequest(
        @NotBlank @Size(max = 255) String userId) {}
