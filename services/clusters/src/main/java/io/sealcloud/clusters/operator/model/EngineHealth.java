package io.sealcloud.clusters.operator.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an engine's objects say about a cluster, read from their status as the engines document it: per step ({@code
 * InfrastructureReady}, {@code ControlPlaneReady}, {@code WorkersReady}) whether it is there, why not, and whether
 * anything failed. Pure: the objects come in as the JSON maps the API server returned.
 *
 * @param steps the per-step conditions, in order
 * @param failure null, or why the engine reports a failure
 * @param settled everything the spec asks for is reached (ready at the version and size, or hibernated: nothing runs)
 * @param version the version the control plane reports, {@code major.minor.patch} (null while unknown)
 * @param endpoint the API server's address (null while unknown)
 */
public record EngineHealth(List<Step> steps, String failure, boolean settled, String version, String endpoint) {

    /** One step of the cluster: condition type, True/False, the engine's reason and a message. */
    public record Step(String type, boolean ok, String reason, String message) {}

    public static final String INFRASTRUCTURE_READY = "InfrastructureReady";
    public static final String CONTROL_PLANE_READY = "ControlPlaneReady";
    public static final String WORKERS_READY = "WorkersReady";

    public boolean ready() {
        return failure == null && steps.stream().allMatch(Step::ok);
    }

    /**
     * The virtual provider from its StatefulSet: ready when the pod of the current revision is ready (the rollout of a
     * version change finished); hibernated when no pod is left.
     */
    public static EngineHealth virtual(
            Map<String, Object> statefulSet, boolean hibernated, String desiredVersion, String endpoint) {
        if (statefulSet == null) {
            return new EngineHealth(
                    List.of(new Step(CONTROL_PLANE_READY, false, "WaitingForStatefulSet", "not created yet")),
                    null,
                    false,
                    null,
                    null);
        }
        long generation = number(path(statefulSet, "metadata", "generation"));
        long observed = number(path(statefulSet, "status", "observedGeneration"));
        long replicas = number(path(statefulSet, "status", "replicas"));
        long ready = number(path(statefulSet, "status", "readyReplicas"));
        long updated = number(path(statefulSet, "status", "updatedReplicas"));
        Object current = path(statefulSet, "status", "currentRevision");
        Object update = path(statefulSet, "status", "updateRevision");
        boolean caughtUp = observed >= generation;
        if (hibernated) {
            boolean asleep = caughtUp && replicas == 0;
            return new EngineHealth(
                    List.of(new Step(
                            CONTROL_PLANE_READY,
                            false,
                            "Hibernated",
                            asleep ? "scaled to zero, data kept" : replicas + " control plane pod(s) still running")),
                    null,
                    asleep,
                    null,
                    null);
        }
        boolean rolledOut = update == null || Objects.equals(current, update);
        boolean ok = caughtUp && ready >= 1 && updated >= 1 && rolledOut;
        String reason = ok ? "StatefulSetReady" : rolledOut ? "WaitingForControlPlane" : "RollingOut";
        String message = ok
                ? "control plane running at v" + desiredVersion
                : "control plane pods ready " + ready + "/1, updated " + updated + "/1";
        return new EngineHealth(
                List.of(new Step(CONTROL_PLANE_READY, ok, reason, message)),
                null,
                ok,
                ok ? desiredVersion : null,
                ok ? endpoint : null);
    }

    /**
     * The capi provider from its Cluster, control plane and MachineDeployments, by Cluster API's documented status
     * fields: {@code Cluster.status.infrastructureReady}, {@code .phase} ({@code Failed}) and {@code .failureMessage};
     * the control plane's {@code status.ready}, {@code .version}, {@code .replicas}/{@code .readyReplicas}; each
     * MachineDeployment's {@code status.observedGeneration}, {@code .replicas}, {@code .readyReplicas}, {@code
     * .updatedReplicas} and {@code .phase}.
     */
    public static EngineHealth capi(
            Map<String, Object> cluster,
            Map<String, Object> controlPlane,
            List<Map<String, Object>> deployments,
            boolean hibernated,
            boolean controlPlaneSleeps,
            String desiredVersion) {
        List<Step> steps = new ArrayList<>();
        String failure = null;
        if (cluster == null) {
            steps.add(new Step(INFRASTRUCTURE_READY, false, "WaitingForCluster", "Cluster not created yet"));
        } else {
            boolean infra = Boolean.TRUE.equals(path(cluster, "status", "infrastructureReady"));
            steps.add(new Step(
                    INFRASTRUCTURE_READY,
                    infra,
                    infra
                            ? "InfrastructureReady"
                            : reasonOf(cluster, "InfrastructureReady", "WaitingForInfrastructure"),
                    infra ? "infrastructure provisioned" : messageOf(cluster, "InfrastructureReady")));
            if ("Failed".equals(path(cluster, "status", "phase"))
                    || path(cluster, "status", "failureMessage") != null) {
                failure = "Cluster failed: "
                        + Objects.toString(path(cluster, "status", "failureMessage"), "phase Failed");
            }
        }
        String version = null;
        boolean controlPlaneAsleep = true;
        if (controlPlane == null) {
            steps.add(new Step(CONTROL_PLANE_READY, false, "WaitingForControlPlane", "control plane not created yet"));
            controlPlaneAsleep = false;
        } else {
            long want = number(path(controlPlane, "spec", "replicas"));
            long ready = number(path(controlPlane, "status", "readyReplicas"));
            long running = number(path(controlPlane, "status", "replicas"));
            Object reported = path(controlPlane, "status", "version");
            version = reported == null ? null : reported.toString().replaceFirst("^v", "");
            boolean atVersion = desiredVersion.equals(version);
            if (hibernated && controlPlaneSleeps) {
                controlPlaneAsleep = running == 0;
                steps.add(new Step(
                        CONTROL_PLANE_READY,
                        false,
                        "Hibernated",
                        controlPlaneAsleep ? "scaled to zero" : running + " control plane replica(s) still running"));
            } else {
                boolean ok = Boolean.TRUE.equals(path(controlPlane, "status", "ready")) && ready >= want && atVersion;
                String reason = ok
                        ? "ControlPlaneReady"
                        : !atVersion && version != null ? "UpgradingControlPlane" : "WaitingForControlPlane";
                steps.add(new Step(
                        CONTROL_PLANE_READY,
                        ok,
                        reason,
                        "control plane " + ready + "/" + want + " ready at " + (version == null ? "?" : "v" + version)
                                + (atVersion ? "" : ", asked v" + desiredVersion)));
            }
            if (path(controlPlane, "status", "failureMessage") != null) {
                failure = "Control plane failed: " + path(controlPlane, "status", "failureMessage");
            }
        }
        long wanted = 0;
        long readyNodes = 0;
        long running = 0;
        boolean workersOk = true;
        for (Map<String, Object> md : deployments) {
            long want = number(path(md, "spec", "replicas"));
            long ready = number(path(md, "status", "readyReplicas"));
            long updated = number(path(md, "status", "updatedReplicas"));
            long replicas = number(path(md, "status", "replicas"));
            boolean caughtUp =
                    number(path(md, "status", "observedGeneration")) >= number(path(md, "metadata", "generation"));
            wanted += want;
            readyNodes += Math.min(ready, want);
            running += replicas;
            workersOk &= caughtUp && ready == want && updated == want && replicas == want;
            if ("Failed".equals(path(md, "status", "phase"))) {
                failure = "MachineDeployment " + path(md, "metadata", "name") + " failed";
            }
        }
        boolean hibernatedWorkers = hibernated && running == 0;
        steps.add(new Step(
                WORKERS_READY,
                !hibernated && workersOk,
                hibernated ? "Hibernated" : workersOk ? "WorkersReady" : "ScalingWorkers",
                hibernated
                        ? running + " node(s) still running"
                        : "nodes " + readyNodes + "/" + wanted + " ready and updated"));
        boolean settled = hibernated
                ? hibernatedWorkers && controlPlaneAsleep && failure == null
                : failure == null && steps.stream().allMatch(Step::ok);
        String endpoint = null;
        if (cluster != null) {
            Object host = path(cluster, "spec", "controlPlaneEndpoint", "host");
            Object port = path(cluster, "spec", "controlPlaneEndpoint", "port");
            if (host != null && !host.toString().isEmpty()) {
                endpoint = "https://" + host + ":" + (port == null ? 6443 : port);
            }
        }
        return new EngineHealth(steps, failure, settled, version, endpoint);
    }

    @SuppressWarnings("unchecked")
    static Object path(Map<String, Object> object, String... keys) {
        Object current = object;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = ((Map<String, Object>) map).get(key);
        }
        return current;
    }

    static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static Object condition(Map<String, Object> object, String type, String field) {
        Object conditions = path(object, "status", "conditions");
        if (conditions instanceof List<?> list) {
            for (Object c : list) {
                if (c instanceof Map<?, ?> m && type.equals(m.get("type"))) {
                    return ((Map<String, Object>) m).get(field);
                }
            }
        }
        return null;
    }

    private static String reasonOf(Map<String, Object> object, String type, String fallback) {
        Object reason = condition(object, type, "reason");
        return reason == null || reason.toString().isEmpty() ? fallback : reason.toString();
    }

    private static String messageOf(Map<String, Object> object, String type) {
        Object message = condition(object, type, "message");
        return message == null ? "waiting for the infrastructure provider" : message.toString();
    }
}
