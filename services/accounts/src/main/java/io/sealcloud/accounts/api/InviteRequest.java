package io.sealcloud.accounts.api;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An invitation: the role the invitee gets ({@code manager} or {@code developer}; {@code owner} is refused with 422)
 * and, optionally, the only (verified) email address that may accept it.
 */
public record InviteRequest(
        @NotNull @Pattern(regexp = "^(owner|manager|developer)$", message = "must be owner, manager or developer")
        String role,

        @Email @Size(max = 254) String email) {}
