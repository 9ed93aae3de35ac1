package io.sealcloud.contracts.accounts;

import java.time.Instant;
import java.util.List;

/**
 * A workspace's suspension changed: a reason was added or lifted. It carries the whole current state (not the delta),
 * so a consumer that keeps only the latest event per workspace (by {@code changedAt}) is right whatever it missed.
 *
 * @param workspaceId workspace id (also the Kafka key)
 * @param namespace the workspace's namespace, {@code ns-<workspaceId>}
 * @param suspended whether any reason holds now: workloads scaled to zero, quota zero, nothing new admitted
 * @param reasons every reason that holds now, sorted ({@code debt}: the owner's account is in debt; {@code ops}: an
 *     operator suspended it); empty when {@code suspended} is false
 * @param changedAt when the state changed; consumers ignore an event older than the one they hold
 */
public record WorkspaceSuspensionChangedV1(
        String workspaceId, String namespace, boolean suspended, List<String> reasons, Instant changedAt) {

    public WorkspaceSuspensionChangedV1 {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /** A realistic instance (suspended because the owner went into debt), used by docs and the conformance test. */
    public static WorkspaceSuspensionChangedV1 example() {
        return new WorkspaceSuspensionChangedV1(
                "w7k2m9q4x1", "ns-w7k2m9q4x1", true, List.of("debt"), Instant.parse("2026-12-01T23:00:02Z"));
    }
}
