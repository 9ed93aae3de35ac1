package io.sealcloud.contracts.appstore;

/**
 * An instance and every object it created are gone; its persistent volume claims were deleted or kept as
 * {@code pvcPolicy} says. The last event for that instance.
 *
 * @param pvcPolicy {@code delete} or {@code keep}
 */
public record AppUninstalledV1(String workspaceId, String instance, String template, String version, String pvcPolicy) {

    /** A realistic instance, used by docs and the conformance test. */
    public static AppUninstalledV1 example() {
        return new AppUninstalledV1("3q1x9c7k2m", "memos", "memos", "1.0.0", "delete");
    }
}
