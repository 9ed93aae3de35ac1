package io.sealcloud.clusters.operator;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.sealcloud.clusters.operator.crd.v1alpha1.KubeCluster;
import io.sealcloud.clusters.operator.model.EngineLabels;
import io.sealcloud.platform.operator.Controller;
import io.sealcloud.platform.operator.Controllers;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The KubeCluster controller, started by the platform under leader election. A virtual cluster's StatefulSet is
 * watched by the cluster label (its pods turning ready reconcile the cluster at once); the Cluster API objects live
 * in the management namespace, where the reconciler polls them while the engine works (a requeue, never a sleep).
 */
public class KubeClusterController {

    @Produces
    @Singleton
    Controller<KubeCluster> kubeClusterController(Controllers controllers, KubeClusterReconciler reconciler) {
        return controllers
                .builder(KubeCluster.class, reconciler)
                .name("kubecluster")
                .watchLabeled(StatefulSet.class, EngineLabels.CLUSTER)
                .build();
    }
}
