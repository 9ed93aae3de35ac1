package io.sealcloud.appstore.operator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.sealcloud.appstore.domain.policy.TenantPolicy;
import io.sealcloud.appstore.operator.crd.v1alpha1.AppInstance;
import io.sealcloud.platform.operator.Controller;
import io.sealcloud.platform.operator.Controllers;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The AppInstance controller, started by the platform under leader election. The kinds whose readiness or presence
 * matters are watched by the instance label, so a child becoming ready, or being deleted by someone, reconciles its
 * instance at once; other kinds are re-checked at every resync.
 */
public class AppInstanceController {

    @Produces
    @Singleton
    Controller<AppInstance> appInstanceController(Controllers controllers, AppInstanceReconciler reconciler) {
        String label = TenantPolicy.INSTANCE_LABEL;
        return controllers
                .builder(AppInstance.class, reconciler)
                .name("appinstance")
                .watchLabeled(Deployment.class, label)
                .watchLabeled(StatefulSet.class, label)
                .watchLabeled(Job.class, label)
                .watchLabeled(Pod.class, label)
                .watchLabeled(PersistentVolumeClaim.class, label)
                .watchLabeled(Service.class, label)
                .watchLabeled(ConfigMap.class, label)
                .watchLabeled(Secret.class, label)
                .build();
    }
}
