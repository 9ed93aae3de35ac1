package io.sealcloud.platform.inbox;

/**
 * A Kafka record that is not a usable CloudEvent (a required {@code ce_*} header missing, data not JSON). Retrying
 * cannot fix it: the consumer fails it and SmallRye's dead-letter-queue strategy moves it to {@code <topic>.dlq}.
 */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message) {
        super(message);
    }

    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
