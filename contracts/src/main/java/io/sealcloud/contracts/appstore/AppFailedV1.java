package io.sealcloud.contracts.appstore;

/**
 * An instance's revision could not be applied or did not become ready in time.
 *
 * @param reason machine-readable, as in the instance's Degraded condition ({@code ApplyFailed}, {@code ReadyTimeout})
 * @param message what failed, for people
 * @param rolledBackTo the revision an atomic upgrade rolled back to, or {@code null}
 */
public record AppFailedV1(
        String workspaceId,
        String instance,
        String template,
        String version,
        int revision,
        String reason,
        String message,
        Integer rolledBackTo) {

    /** A realistic instance, used by docs and the conformance test. */
    public static AppFailedV1 example() {
        return new AppFailedV1(
                "3q1x9c7k2m",
                "memos",
                "memos",
                "1.1.0",
                2,
                "ReadyTimeout",
                "StatefulSet memos-ab12cd34 had 0/1 ready replicas after 5m0s",
                1);
    }
}
