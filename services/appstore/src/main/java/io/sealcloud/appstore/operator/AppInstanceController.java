package io.sealcloud.appstore.operator;

import io.sealcloud.appstore.operator.crd.v1alpha1.AppInstance;
import io.sealcloud.platform.operator.Controller;
import io.sealcloud.platform.operator.Controllers;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The AppInstance controller, started by the platform under leader election. Its children are watched by {@link
 * InstanceObjects}' shared informers (one per kind the cluster serves, labelled with the instance), which wake the
 * owning instance when one of its objects is added, changes (a Deployment's replicas becoming ready) or is deleted by
 * someone; the reconciler reads those caches instead of listing.
 */
public class AppInstanceController {

    @Produces
    @Singleton
    Controller<AppInstance> appInstanceController(
            Controllers controllers, AppInstanceReconciler reconciler, InstanceObjects objects) {
        Controller<AppInstance> controller = controllers
                .builder(AppInstance.class, reconciler)
                .name("appinstance")
                .build();
        // Ignored while the controller is stopped (not the leader).
        objects.onChange(controller::enqueue);
        return controller;
    }
}
