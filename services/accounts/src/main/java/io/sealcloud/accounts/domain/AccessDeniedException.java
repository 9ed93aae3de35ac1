package io.sealcloud.accounts.domain;

/** The caller is a member of the workspace but their role does not allow this (403). */
public class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(String message) {
        super(message, null, false, false);
    }
}
