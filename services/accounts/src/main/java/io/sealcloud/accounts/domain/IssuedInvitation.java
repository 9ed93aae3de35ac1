package io.sealcloud.accounts.domain;

/** A new invitation with its code: the only time the code exists outside the invitee's hands. */
public record IssuedInvitation(Invitation invitation, String code) {}
