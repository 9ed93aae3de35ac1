package io.sealcloud.appstore.domain.instance;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Whether rendered objects fit a workspace's ResourceQuota, before anything is created. Counts what Kubernetes
 * admission would charge: per pod template (Deployment, StatefulSet, Job, Pod; CronJob counts one run) its containers'
 * and init containers' requests and limits times replicas (a container with only a limit requests it, as Kubernetes
 * defaults it), volume claims' {@code requests.storage} (StatefulSet claim templates times replicas), pods and claims.
 * Compared with {@code hard - used} of every quota in the namespace. Pure; quantities are parsed by the caller's
 * function (fabric8's {@code Quantity.getAmountInBytes}).
 */
public final class QuotaCheck {

    /** One resource the objects would push over a quota: needed vs. what is left. */
    public record Excess(String resource, BigDecimal requested, BigDecimal available, String quota) {}

    /** A ResourceQuota: name, {@code status.hard} (or {@code spec.hard}) and {@code status.used}. */
    public record Quota(String name, Map<String, String> hard, Map<String, String> used) {}

    private QuotaCheck() {}

    /** The resources the objects request, by quota resource name. */
    public static Map<String, BigDecimal> requests(
            List<Map<String, Object>> objects, Function<String, BigDecimal> quantity) {
        Map<String, BigDecimal> total = new TreeMap<>();
        for (Map<String, Object> object : objects) {
            String kind = String.valueOf(object.get("kind"));
            switch (kind) {
                case "Deployment", "StatefulSet" -> {
                    long replicas = number(path(object, "spec", "replicas"), 1);
                    pods(total, map(path(object, "spec", "template", "spec")), replicas, quantity);
                    if (kind.equals("StatefulSet")
                            && path(object, "spec", "volumeClaimTemplates") instanceof List<?> claims) {
                        for (Object claim : claims) {
                            claim(total, map(claim), replicas, quantity);
                        }
                    }
                }
                case "Job" ->
                    pods(
                            total,
                            map(path(object, "spec", "template", "spec")),
                            number(path(object, "spec", "parallelism"), 1),
                            quantity);
                case "CronJob" ->
                    pods(total, map(path(object, "spec", "jobTemplate", "spec", "template", "spec")), 1, quantity);
                case "Pod" -> pods(total, map(object.get("spec")), 1, quantity);
                case "PersistentVolumeClaim" -> claim(total, object, 1, quantity);
                default -> {}
            }
        }
        return total;
    }

    /** Every resource of every quota the requests would exceed; empty when they fit. */
    public static List<Excess> exceeded(
            Map<String, BigDecimal> requests, List<Quota> quotas, Function<String, BigDecimal> quantity) {
        List<Excess> excess = new ArrayList<>();
        for (Quota quota : quotas) {
            for (var hard : new TreeMap<>(quota.hard()).entrySet()) {
                BigDecimal requested = requests.get(alias(hard.getKey()));
                if (requested == null || requested.signum() == 0) {
                    continue;
                }
                BigDecimal used = quota.used().containsKey(hard.getKey())
                        ? quantity.apply(quota.used().get(hard.getKey()))
                        : BigDecimal.ZERO;
                BigDecimal available =
                        quantity.apply(hard.getValue()).subtract(used).max(BigDecimal.ZERO);
                if (requested.compareTo(available) > 0) {
                    excess.add(new Excess(hard.getKey(), requested, available, quota.name()));
                }
            }
        }
        return excess;
    }

    /**
     * The quotas as the app store must see them: {@code used} is what admission has charged so far, which lags behind
     * what the app store has committed (an install's pods and claims exist only once the controller has applied them
     * and the workload controllers have created them), so two installs in a row could each fit the same room. Each
     * quota's usage becomes {@code used - admitted + committed}: {@code admitted} is what the app store's existing
     * pods and claims are charged (they are in {@code used} already), {@code committed} what the current revisions
     * of its instances request, running or not. Other workloads of the namespace stay as admission counts them.
     */
    public static List<Quota> withCommitted(
            List<Quota> quotas,
            Map<String, BigDecimal> admitted,
            Map<String, BigDecimal> committed,
            Function<String, BigDecimal> quantity) {
        List<Quota> adjusted = new ArrayList<>();
        for (Quota quota : quotas) {
            Map<String, String> used = new TreeMap<>(quota.used());
            for (String resource : quota.hard().keySet()) {
                BigDecimal charged = used.containsKey(resource) ? quantity.apply(used.get(resource)) : BigDecimal.ZERO;
                BigDecimal others = charged.subtract(admitted.getOrDefault(alias(resource), BigDecimal.ZERO))
                        .max(BigDecimal.ZERO);
                used.put(
                        resource,
                        others.add(committed.getOrDefault(alias(resource), BigDecimal.ZERO))
                                .toPlainString());
            }
            adjusted.add(new Quota(quota.name(), quota.hard(), used));
        }
        return adjusted;
    }

    /** {@code cpu} and {@code memory} in a quota mean {@code requests.cpu} and {@code requests.memory}. */
    private static String alias(String resource) {
        return switch (resource) {
            case "cpu" -> "requests.cpu";
            case "memory" -> "requests.memory";
            case "pods" -> "pods";
            default -> resource;
        };
    }

    private static void pods(
            Map<String, BigDecimal> total, Map<String, Object> podSpec, long replicas, Function<String, BigDecimal> q) {
        if (podSpec == null || replicas <= 0) {
            return;
        }
        add(total, "pods", BigDecimal.valueOf(replicas));
        // Admission charges max(sum of containers, largest init container); summing both is a safe upper bound only
        // when init containers are small, so take the larger of the two as Kubernetes does.
        for (String resource : List.of("cpu", "memory", "ephemeral-storage")) {
            BigDecimal requests = max(
                    sum(podSpec.get("containers"), resource, true, q),
                    largest(podSpec.get("initContainers"), resource, true, q));
            BigDecimal limits = max(
                    sum(podSpec.get("containers"), resource, false, q),
                    largest(podSpec.get("initContainers"), resource, false, q));
            add(total, "requests." + resource, requests.multiply(BigDecimal.valueOf(replicas)));
            add(total, "limits." + resource, limits.multiply(BigDecimal.valueOf(replicas)));
        }
    }

    private static BigDecimal sum(
            Object containers, String resource, boolean requests, Function<String, BigDecimal> q) {
        BigDecimal sum = BigDecimal.ZERO;
        if (containers instanceof List<?> list) {
            for (Object c : list) {
                sum = sum.add(amount(map(c), resource, requests, q));
            }
        }
        return sum;
    }

    private static BigDecimal largest(
            Object containers, String resource, boolean requests, Function<String, BigDecimal> q) {
        BigDecimal largest = BigDecimal.ZERO;
        if (containers instanceof List<?> list) {
            for (Object c : list) {
                largest = largest.max(amount(map(c), resource, requests, q));
            }
        }
        return largest;
    }

    private static BigDecimal amount(
            Map<String, Object> container, String resource, boolean requests, Function<String, BigDecimal> q) {
        if (container == null) {
            return BigDecimal.ZERO;
        }
        Object request = path(container, "resources", "requests", resource);
        Object limit = path(container, "resources", "limits", resource);
        Object value = requests ? (request != null ? request : limit) : limit;
        return value == null ? BigDecimal.ZERO : q.apply(String.valueOf(value));
    }

    private static void claim(
            Map<String, BigDecimal> total, Map<String, Object> claim, long count, Function<String, BigDecimal> q) {
        if (claim == null) {
            return;
        }
        add(total, "persistentvolumeclaims", BigDecimal.valueOf(count));
        Object storage = path(claim, "spec", "resources", "requests", "storage");
        if (storage != null) {
            add(total, "requests.storage", q.apply(String.valueOf(storage)).multiply(BigDecimal.valueOf(count)));
        }
    }

    private static void add(Map<String, BigDecimal> total, String resource, BigDecimal amount) {
        if (amount.signum() != 0) {
            total.merge(resource, amount, BigDecimal::add);
        }
    }

    private static BigDecimal max(BigDecimal a, BigDecimal b) {
        return a.max(b);
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
        return value instanceof Number n ? n.longValue() : otherwise;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }
}
