package io.sealcloud.appstore.operator.model;

import java.util.List;
import java.util.Map;

/**
 * Whether one live object is ready, by kind (Helm's {@code --wait} and {@code kubectl rollout status} rules):
 *
 * <ul>
 *   <li>Deployment, StatefulSet: the controller saw the current spec ({@code status.observedGeneration ≥
 *       metadata.generation}), and {@code updatedReplicas} and {@code readyReplicas} reach {@code spec.replicas}
 *       (default 1); zero replicas is ready.
 *   <li>Job: a {@code Complete} condition is True (a {@code Failed} one makes it failed).
 *   <li>PersistentVolumeClaim: {@code status.phase} is {@code Bound}.
 *   <li>Pod: its {@code Ready} condition is True (or phase {@code Succeeded}).
 *   <li>Any other kind with {@code status.conditions} holding a {@code Ready} condition: that condition (e.g.
 *       KubeBlocks clusters, cert-manager certificates).
 *   <li>Everything else (ConfigMap, Secret, Service, Ingress, CronJob, RBAC, …): ready once it exists.
 * </ul>
 */
public record ObjectReadiness(boolean ready, boolean failed, String message) {

    public static ObjectReadiness of(Map<String, Object> live) {
        if (live == null) {
            return new ObjectReadiness(false, false, "does not exist");
        }
        String kind = String.valueOf(live.get("kind"));
        String apiVersion = String.valueOf(live.get("apiVersion"));
        Map<String, Object> status = map(live.get("status"));
        return switch (kind) {
            case "Deployment", "StatefulSet" ->
                apiVersion.equals("apps/v1") ? workload(live, status) : byCondition(status);
            case "Job" -> job(status);
            case "PersistentVolumeClaim" -> claim(status);
            case "Pod" -> pod(status);
            default -> byCondition(status);
        };
    }

    private static ObjectReadiness workload(Map<String, Object> live, Map<String, Object> status) {
        long wanted = number(path(live, "spec", "replicas"), 1);
        long generation = number(path(live, "metadata", "generation"), 0);
        long observed = number(status == null ? null : status.get("observedGeneration"), -1);
        long ready = number(status == null ? null : status.get("readyReplicas"), 0);
        // Absent is 0: the API server omits zero counts, e.g. a Deployment whose new ReplicaSet could not make a single
        // pod (admission refused it) has no updatedReplicas while its old pods are still ready.
        long updated = number(status == null ? null : status.get("updatedReplicas"), 0);
        if (wanted == 0) {
            return new ObjectReadiness(true, false, "scaled to zero");
        }
        if (observed < generation) {
            return new ObjectReadiness(false, false, "waiting for the controller to observe generation " + generation);
        }
        if (updated < wanted) {
            return new ObjectReadiness(false, false, updated + "/" + wanted + " replicas updated");
        }
        if (ready < wanted) {
            return new ObjectReadiness(false, false, ready + "/" + wanted + " replicas ready");
        }
        return new ObjectReadiness(true, false, ready + "/" + wanted + " replicas ready");
    }

    private static ObjectReadiness job(Map<String, Object> status) {
        if (conditionTrue(status, "Failed")) {
            return new ObjectReadiness(false, true, "failed");
        }
        if (conditionTrue(status, "Complete")) {
            return new ObjectReadiness(true, false, "complete");
        }
        return new ObjectReadiness(false, false, "running");
    }

    private static ObjectReadiness claim(Map<String, Object> status) {
        Object phase = status == null ? null : status.get("phase");
        if ("Bound".equals(phase)) {
            return new ObjectReadiness(true, false, "bound");
        }
        if ("Lost".equals(phase)) {
            return new ObjectReadiness(false, true, "lost its volume");
        }
        return new ObjectReadiness(
                false, false, phase == null ? "pending" : String.valueOf(phase).toLowerCase());
    }

    private static ObjectReadiness pod(Map<String, Object> status) {
        Object phase = status == null ? null : status.get("phase");
        if ("Succeeded".equals(phase)) {
            return new ObjectReadiness(true, false, "succeeded");
        }
        if ("Failed".equals(phase)) {
            return new ObjectReadiness(false, true, "failed");
        }
        return conditionTrue(status, "Ready")
                ? new ObjectReadiness(true, false, "ready")
                : new ObjectReadiness(false, false, "not ready");
    }

    private static ObjectReadiness byCondition(Map<String, Object> status) {
        Map<String, Object> ready = condition(status, "Ready");
        if (ready == null) {
            return new ObjectReadiness(true, false, "exists");
        }
        return "True".equals(ready.get("status"))
                ? new ObjectReadiness(true, false, "ready")
                : new ObjectReadiness(
                        false,
                        false,
                        ready.get("message") == null ? "not ready" : String.valueOf(ready.get("message")));
    }

    private static boolean conditionTrue(Map<String, Object> status, String type) {
        Map<String, Object> condition = condition(status, type);
        return condition != null && "True".equals(condition.get("status"));
    }

    private static Map<String, Object> condition(Map<String, Object> status, String type) {
        if (status == null || !(status.get("conditions") instanceof List<?> conditions)) {
            return null;
        }
        for (Object c : conditions) {
            Map<String, Object> condition = map(c);
            if (condition != null && type.equals(condition.get("type"))) {
                return condition;
            }
        }
        return null;
    }

    private static Object path(Map<String, Object> object, String... keys) {
        Object current = object;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    private static long number(Object value, long otherwise) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return otherwise;
            }
        }
        return otherwise;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }
}
