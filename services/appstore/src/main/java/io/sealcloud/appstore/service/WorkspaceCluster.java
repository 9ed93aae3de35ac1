package io.sealcloud.appstore.service;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sealcloud.appstore.domain.instance.QuotaCheck;
import io.sealcloud.appstore.domain.policy.TenantPolicy;
import io.sealcloud.appstore.operator.crd.v1alpha1.AppInstance;
import io.sealcloud.platform.operator.Applier;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the API reads and writes in a workspace namespace (blocking calls: use through {@link Blocking}). */
@ApplicationScoped
public class WorkspaceCluster {

    private final KubernetesClient client;
    private final Applier applier;

    public WorkspaceCluster(KubernetesClient client, Applier applier) {
        this.client = client;
        this.applier = applier;
    }

    /** Creates or updates the AppInstance (its spec only; the controller owns the status and the finalizer). */
    public AppInstance apply(AppInstance desired) {
        return applier.apply(desired);
    }

    public Optional<AppInstance> find(String namespace, String name) {
        return Optional.ofNullable(client.resources(AppInstance.class)
                .inNamespace(namespace)
                .withName(name)
                .get());
    }

    /** Deletes the AppInstance; its finalizer keeps it until the controller has removed its objects. */
    public void delete(String namespace, String name) {
        client.resources(AppInstance.class)
                .inNamespace(namespace)
                .withName(name)
                .delete();
    }

    /** The namespace's ResourceQuotas: hard limits ({@code status.hard}, else {@code spec.hard}) and usage. */
    public List<QuotaCheck.Quota> quotas(String namespace) {
        return client.resourceQuotas().inNamespace(namespace).list().getItems().stream()
                .map(WorkspaceCluster::quota)
                .toList();
    }

    /**
     * The app store's pods and volume claims that admission has charged to the namespace's quotas (labelled with
     * {@link TenantPolicy#INSTANCE_LABEL}), as objects {@link QuotaCheck#requests} understands. Pods that have
     * finished (Succeeded, Failed) are not charged, as in Kubernetes.
     */
    public List<Map<String, Object>> admitted(String namespace) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Pod pod : client.pods()
                .inNamespace(namespace)
                .withLabel(TenantPolicy.INSTANCE_LABEL)
                .list()
                .getItems()) {
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (!"Succeeded".equals(phase) && !"Failed".equals(phase)) {
                objects.add(Map.of("kind", "Pod", "spec", spec(pod.getSpec())));
            }
        }
        for (PersistentVolumeClaim claim : client.persistentVolumeClaims()
                .inNamespace(namespace)
                .withLabel(TenantPolicy.INSTANCE_LABEL)
                .list()
                .getItems()) {
            objects.add(Map.of("kind", "PersistentVolumeClaim", "spec", spec(claim.getSpec())));
        }
        return objects;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> spec(Object spec) {
        return client.getKubernetesSerialization().convertValue(spec, Map.class);
    }

    private static QuotaCheck.Quota quota(ResourceQuota quota) {
        Map<String, Quantity> hard = quota.getStatus() != null
                        && quota.getStatus().getHard() != null
                        && !quota.getStatus().getHard().isEmpty()
                ? quota.getStatus().getHard()
                : quota.getSpec() == null ? Map.of() : quota.getSpec().getHard();
        Map<String, Quantity> used =
                quota.getStatus() == null || quota.getStatus().getUsed() == null
                        ? Map.of()
                        : quota.getStatus().getUsed();
        return new QuotaCheck.Quota(quota.getMetadata().getName(), strings(hard), strings(used));
    }

    private static Map<String, String> strings(Map<String, Quantity> quantities) {
        Map<String, String> out = new HashMap<>();
        if (quantities != null) {
            quantities.forEach((k, v) -> out.put(k, v.toString()));
        }
        return out;
    }

    /** A Kubernetes quantity in base units (cores, bytes, counts). */
    public static BigDecimal quantity(String value) {
        return Quantity.getAmountInBytes(new Quantity(value));
    }
}
