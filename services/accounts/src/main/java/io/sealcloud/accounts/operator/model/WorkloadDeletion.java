package io.sealcloud.accounts.operator.model;

import io.fabric8.kubernetes.api.model.Service;

/**
 * What debt-deletion deletes in a workspace namespace, besides every Deployment, StatefulSet, CronJob, Job and bare
 * Pod (pods of those controllers go with them through the garbage collector): Services that cost money or hold
 * scarce resources by themselves. Kept: the namespace, ClusterIP Services, Ingresses, ConfigMaps, Secrets and
 * PersistentVolumeClaims — the user's data and configuration stay for the final grace period, so a recharge before
 * final deletion lets them redeploy without losing data; final deletion removes the namespace with all of it.
 */
public final class WorkloadDeletion {

    private WorkloadDeletion() {}

    /** NodePort and LoadBalancer Services hold node ports and cloud load balancers even with no pod behind them. */
    public static boolean deletes(Service service) {
        String type = service.getSpec() == null ? null : service.getSpec().getType();
        return "NodePort".equals(type) || "LoadBalancer".equals(type);
    }
}
