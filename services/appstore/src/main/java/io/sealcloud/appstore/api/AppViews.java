package io.sealcloud.appstore.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import io.sealcloud.appstore.domain.catalog.VersionStatus;
import io.sealcloud.appstore.domain.instance.AppInstanceRow;
import io.sealcloud.appstore.domain.instance.AppRevision;
import io.sealcloud.appstore.domain.instance.RevisionDiff;
import io.sealcloud.appstore.operator.crd.v1alpha1.AppInstance;
import io.sealcloud.appstore.service.AppInstanceService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Response bodies of the app lifecycle API. */
public final class AppViews {

    private AppViews() {}

    /** A page of items. */
    public record Page<T>(List<T> items, int page, int size, long total) {}

    /** An instance in a list. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(
            String name,
            String template,
            String version,
            int revision,
            String state,
            String message,
            String createdBy,
            Instant createdAt,
            Instant updatedAt) {

        static Summary of(AppInstanceRow row) {
            return new Summary(
                    row.key.name,
                    row.template,
                    row.version,
                    row.revision,
                    row.state,
                    row.stateMessage,
                    row.createdBy,
                    row.createdAt,
                    row.updatedAt);
        }
    }

    /** A condition of the AppInstance. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConditionView(
            String type,
            String status,
            String reason,
            String message,
            String lastTransitionTime,
            Long observedGeneration) {}

    /** An object of the current revision as the controller last saw it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ObjectView(String apiVersion, String kind, String name, Boolean ready, String message) {}

    /**
     * An instance with what runs: its current revision's input values, its version's catalog status ({@code
     * deprecated}/{@code withdrawn} flag it; it keeps running), and the controller's conditions and objects ({@code
     * observedRevision} is the revision they describe).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(
            String name,
            String workspaceId,
            String template,
            String version,
            String versionStatus,
            boolean deprecated,
            boolean withdrawn,
            int revision,
            String state,
            String message,
            String pvcPolicy,
            Map<String, String> inputs,
            List<String> links,
            List<String> warnings,
            Integer observedRevision,
            List<ConditionView> conditions,
            List<ObjectView> objects,
            String createdBy,
            Instant createdAt,
            Instant updatedAt) {

        static Detail of(AppInstanceService.Current current, AppInstanceService service, Optional<AppInstance> live) {
            AppInstanceRow row = current.instance();
            VersionStatus status = current.versionStatus();
            List<String> warnings = new ArrayList<>();
            if (status == VersionStatus.DEPRECATED) {
                warnings.add("Version " + row.version + " of " + row.template
                        + " is deprecated: it keeps running; upgrade to a supported version when you can.");
            } else if (status == VersionStatus.WITHDRAWN) {
                warnings.add("Version " + row.version + " of " + row.template
                        + " was withdrawn from the catalog: it keeps running but cannot be installed again.");
            }
            List<ConditionView> conditions = live.flatMap(a -> Optional.ofNullable(a.getStatus()))
                    .map(s ->
                            s.getConditions().stream().map(AppViews::condition).toList())
                    .orElse(List.of());
            List<ObjectView> objects = live.flatMap(a -> Optional.ofNullable(a.getStatus()))
                    .map(s -> s.getObjects().stream()
                            .map(o -> new ObjectView(
                                    o.getApiVersion(), o.getKind(), o.getName(), o.getReady(), o.getMessage()))
                            .toList())
                    .orElse(List.of());
            Integer observed = live.flatMap(a -> Optional.ofNullable(a.getStatus()))
                    .map(s -> s.getRevision())
                    .orElse(null);
            return new Detail(
                    row.key.name,
                    row.key.workspaceId,
                    row.template,
                    row.version,
                    status == null ? null : status.wireName(),
                    status == VersionStatus.DEPRECATED,
                    status == VersionStatus.WITHDRAWN,
                    row.revision,
                    row.state,
                    row.stateMessage,
                    row.pvcPolicy,
                    current.revision() == null ? Map.of() : service.values(current.revision()),
                    service.links(row),
                    warnings,
                    observed,
                    conditions,
                    objects,
                    row.createdBy,
                    row.createdAt,
                    row.updatedAt);
        }
    }

    /** One revision: what created it, from which revision, and how it ended. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RevisionView(
            int revision,
            String template,
            String version,
            String action,
            Integer fromRevision,
            Integer sourceRevision,
            boolean atomic,
            Instant deadline,
            String outcome,
            String outcomeMessage,
            boolean current,
            String createdBy,
            Instant createdAt) {

        static RevisionView of(AppRevision r, int current) {
            return new RevisionView(
                    r.key.revision,
                    r.template,
                    r.version,
                    r.action,
                    r.fromRevision,
                    r.sourceRevision,
                    r.atomic,
                    r.deadline,
                    r.outcome,
                    r.outcomeMessage,
                    r.key.revision == current,
                    r.createdBy,
                    r.createdAt);
        }
    }

    /** What an upgrade would change; nothing was stored or applied. */
    public record PreviewView(
            int fromRevision,
            String fromVersion,
            String toVersion,
            String toVersionStatus,
            boolean changes,
            List<RevisionDiff.ValueChange> values,
            List<RevisionDiff.ObjectChange> objects) {

        static PreviewView of(AppInstanceService.Preview p) {
            return new PreviewView(
                    p.fromRevision(),
                    p.fromVersion(),
                    p.toVersion(),
                    p.toVersionStatus().wireName(),
                    !p.diff().isEmpty(),
                    p.diff().values(),
                    p.diff().objects());
        }
    }

    static ConditionView condition(Condition c) {
        return new ConditionView(
                c.getType(),
                c.getStatus(),
                c.getReason(),
                c.getMessage(),
                c.getLastTransitionTime(),
                c.getObservedGeneration());
    }
}
