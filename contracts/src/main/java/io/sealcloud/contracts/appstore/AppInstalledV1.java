package io.sealcloud.contracts.appstore;

/**
 * An app was installed into a workspace: its AppInstance exists and revision 1 is being applied; {@code app.ready} or
 * {@code app.failed} follows.
 *
 * @param workspaceId the workspace (also the Kafka key)
 * @param instance the AppInstance name; its objects carry {@code sealcloud.io/app-instance=<instance>}
 * @param template the catalog template
 * @param version the template version
 * @param revision the instance revision (1)
 * @param installedBy the installing user's token subject
 */
public record AppInstalledV1(
        String workspaceId, String instance, String template, String version, int revision, String installedBy) {

    /** A realistic instance, used by docs and the conformance test. */
    public static AppInstalledV1 example() {
        return new AppInstalledV1("3q1x9c7k2m", "memos", "memos", "1.0.0", 1, "2f6c1d1e-9f0a-4a51-8f1e-3d1f1b2a7c90");
    }
}
