package io.sealcloud.metering.domain;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one object holds, as pure functions of the object (no cluster, no clock): the unit-tested heart of sampling.
 *
 * <ul>
 *   <li>Pods: CPU and memory of every container = its limit, falling back to its request; the pod's total is
 *       Kubernetes' effective value max(sum of app containers, largest init container) plus the pod overhead. GPUs by
 *       extended resource name. A pod that is not scheduled (no node) or finished (Succeeded, Failed) holds nothing.
 *   <li>PersistentVolumeClaims: the storage request, only while Bound.
 *   <li>Services: a NodePort service holds one node port per port; a LoadBalancer service holds one load balancer.
 * </ul>
 *
 * CPU is rounded up to whole millicores and memory/storage up to whole MiB (a 100Ki request costs one MiB).
 */
public final class Allocations {

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024L);

    private Allocations() {}

    public static Map<String, Long> ofPod(Pod pod, Set<String> gpuResourceNames) {
        Map<String, Long> total = new TreeMap<>();
        if (pod.getSpec() == null || !isRunning(pod)) {
            return total;
        }
        Map<String, Long> apps = new TreeMap<>();
        for (Container container : orEmpty(pod.getSpec().getContainers())) {
            of(container.getResources(), gpuResourceNames).forEach((r, v) -> apps.merge(r, v, Long::sum));
        }
        Map<String, Long> largestInit = new TreeMap<>();
        for (Container container : orEmpty(pod.getSpec().getInitContainers())) {
            of(container.getResources(), gpuResourceNames).forEach((r, v) -> largestInit.merge(r, v, Math::max));
        }
        total.putAll(apps);
        largestInit.forEach((r, v) -> total.merge(r, v, Math::max));
        Map<String, Quantity> overhead = pod.getSpec().getOverhead();
        if (overhead != null) {
            addQuantity(total, MeteredResources.CPU, overhead.get("cpu"));
            addQuantity(total, MeteredResources.MEMORY, overhead.get("memory"));
        }
        total.values().removeIf(v -> v == 0);
        return total;
    }

    /** Scheduled (has a node) and not finished. Pending-but-scheduled pods hold their node's resources already. */
    public static boolean isRunning(Pod pod) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (node == null || node.isBlank()) {
            return false;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    public static Map<String, Long> ofPersistentVolumeClaim(PersistentVolumeClaim claim) {
        Map<String, Long> total = new TreeMap<>();
        String phase = claim.getStatus() == null ? null : claim.getStatus().getPhase();
        if (!"Bound".equals(phase) || claim.getSpec() == null || claim.getSpec().getResources() == null) {
            return total;
        }
        Map<String, Quantity> requests = claim.getSpec().getResources().getRequests();
        if (requests != null) {
            addQuantity(total, MeteredResources.STORAGE, requests.get("storage"));
        }
        total.values().removeIf(v -> v == 0);
        return total;
    }

    public static Map<String, Long> ofService(Service service) {
        Map<String, Long> total = new TreeMap<>();
        String type = service.getSpec() == null ? null : service.getSpec().getType();
        if ("NodePort".equals(type)) {
            List<ServicePort> ports = orEmpty(service.getSpec().getPorts());
            if (!ports.isEmpty()) {
                total.put(MeteredResources.NODEPORT, (long) ports.size());
            }
        } else if ("LoadBalancer".equals(type)) {
            total.put(MeteredResources.LOADBALANCER, 1L);
        }
        return total;
    }

    /** One container: limit, else request, per resource. */
    static Map<String, Long> of(ResourceRequirements resources, Set<String> gpuResourceNames) {
        Map<String, Long> out = new TreeMap<>();
        if (resources == null) {
            return out;
        }
        Map<String, Quantity> limits = resources.getLimits() == null ? Map.of() : resources.getLimits();
        Map<String, Quantity> requests = resources.getRequests() == null ? Map.of() : resources.getRequests();
        addQuantity(out, MeteredResources.CPU, limits.getOrDefault("cpu", requests.get("cpu")));
        addQuantity(out, MeteredResources.MEMORY, limits.getOrDefault("memory", requests.get("memory")));
        for (String gpu : gpuResourceNames) {
            Quantity q = limits.getOrDefault(gpu, requests.get(gpu));
            if (q != null) {
                long devices =
                        q.getNumericalAmount().setScale(0, RoundingMode.CEILING).longValueExact();
                if (devices > 0) {
                    out.merge(MeteredResources.gpu(gpu), devices, Long::sum);
                }
            }
        }
        return out;
    }

    private static void addQuantity(Map<String, Long> into, String resource, Quantity quantity) {
        if (quantity == null) {
            return;
        }
        BigDecimal amount = quantity.getNumericalAmount();
        long value = MeteredResources.CPU.equals(resource)
                ? amount.multiply(THOUSAND).setScale(0, RoundingMode.CEILING).longValueExact()
                : amount.divide(MIB, 0, RoundingMode.CEILING).longValueExact();
        if (value > 0) {
            into.merge(resource, value, Long::sum);
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
