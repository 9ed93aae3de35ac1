package io.sealcloud.contracts.appstore;

/** Every object of an instance's current revision reports ready (the instance's Ready condition turned True). */
public record AppReadyV1(String workspaceId, String instance, String template, String version, int revision) {

    /** A realistic instance, used by docs and the conformance test. */
    public static AppReadyV1 example() {
        return new AppReadyV1("3q1x9c7k2m", "memos", "memos", "1.0.0", 1);
    }
}
