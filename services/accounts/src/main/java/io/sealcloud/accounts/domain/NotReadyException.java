package io.sealcloud.accounts.domain;

/** What the request needs is still being provisioned by the controller (503 with Retry-After). */
public class NotReadyException extends RuntimeException {

    public NotReadyException(String message) {
        super(message, null, false, false);
    }
}
