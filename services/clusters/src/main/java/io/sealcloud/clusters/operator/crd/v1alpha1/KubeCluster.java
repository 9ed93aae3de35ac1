package io.sealcloud.clusters.operator.crd.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A tenant's Kubernetes cluster in its workspace namespace: which engine, version and node pools, and whether it
 * sleeps. Written by the clusters API from its database (the source of truth for the intent), reconciled by {@code
 * KubeClusterReconciler}, which writes the engine's objects through server-side apply and aggregates their status.
 */
@Group(KubeCluster.GROUP)
@Version(KubeCluster.VERSION)
@Kind("KubeCluster")
@Plural("kubeclusters")
@Singular("kubecluster")
@ShortNames("kc")
@AdditionalPrinterColumn(name = "Provider", jsonPath = ".spec.provider", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Version",
        jsonPath = ".spec.kubernetesVersion",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Reason",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class KubeCluster extends CustomResource<KubeClusterSpec, KubeClusterStatus> implements Namespaced {

    public static final String GROUP = "clusters.sealcloud.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    /** Held until every object of the engine (and for capi every Machine) is gone. */
    public static final String FINALIZER = "clusters.sealcloud.io/engine-objects";

    /** Summary: the engine reports the cluster ready at the asked version and size (and it is awake). */
    public static final String READY = "Ready";
    /** True while the engine works towards the spec (provisioning, scaling, upgrading, hibernating, waking). */
    public static final String PROGRESSING = "Progressing";
    /** True when the engine reports a failure, or the objects cannot be applied. */
    public static final String DEGRADED = "Degraded";
}
