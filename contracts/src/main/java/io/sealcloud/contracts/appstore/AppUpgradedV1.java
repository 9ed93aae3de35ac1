package io.sealcloud.contracts.appstore;

/**
 * An instance moved to a new revision: another template version and/or other inputs (upgrade), or a kept revision
 * re-applied (rollback, manual or automatic).
 *
 * @param version the template version of the new revision
 * @param revision the new revision
 * @param fromVersion the template version of the revision it left
 * @param fromRevision the revision it left
 * @param rollback whether the new revision re-applies a kept one
 */
public record AppUpgradedV1(
        String workspaceId,
        String instance,
        String template,
        String version,
        int revision,
        String fromVersion,
        int fromRevision,
        boolean rollback) {

    /** A realistic instance, used by docs and the conformance test. */
    public static AppUpgradedV1 example() {
        return new AppUpgradedV1("3q1x9c7k2m", "memos", "memos", "1.1.0", 2, "1.0.0", 1, false);
    }
}
