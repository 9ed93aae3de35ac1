package io.sealcloud.clusters.domain;

import java.util.Locale;

/** The engine behind a cluster. */
public enum Provider {
    /** vCluster's model: the control plane runs as pods in the workspace namespace, workloads as workspace pods. */
    VIRTUAL,
    /** Cluster API: Cluster, a control plane (Kamaji or kubeadm) and a MachineDeployment per pool. */
    CAPI;

    /** The provider of a wire name, or null when there is none such. */
    public static Provider find(String wire) {
        for (Provider p : values()) {
            if (p.wireName().equals(wire)) {
                return p;
            }
        }
        return null;
    }

    /** The provider of a configured name; an unknown one is a configuration error. */
    public static Provider parse(String wire) {
        Provider p = find(wire == null ? null : wire.trim());
        if (p == null) {
            throw new IllegalArgumentException("Unknown cluster provider: " + wire + " (virtual or capi)");
        }
        return p;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
