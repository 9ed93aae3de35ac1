package io.sealcloud.devstack;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Which Kubernetes API the local platform's services drive (docs/local-platform.md, "Kubernetes"). */
public enum KubernetesMode {
    /** The fabric8 mock server in CRUD mode: Java only, starts in seconds, but accepts what Kubernetes refuses. */
    SIMULATED,
    /**
     * A real control plane on loopback (etcd, kube-apiserver and kube-controller-manager 1.20.2, with the kubelet
     * stand-in), built once from Debian's source package and cached.
     */
    REAL,
    /** The user's cluster, named by {@code KUBECONFIG}: the platform starts no API server. */
    EXTERNAL;

    /** The value of {@code --kubernetes=} and of {@code kubernetes.mode} in state.properties. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code id} ({@code simulated}, {@code real} or {@code external}), if any. */
    public static Optional<KubernetesMode> of(String id) {
        return Arrays.stream(values())
                .filter(mode -> mode.id().equals(id == null ? "" : id.trim().toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    /** Whether the platform starts an API server of its own (the {@code kubernetes} component). */
    public boolean startsApiServer() {
        return this != EXTERNAL;
    }

    /**
     * The mode of an {@code up}: the flag if given; else the user's cluster when {@code KUBECONFIG} is set; else the
     * mode of the previous {@code up} here (a choice, once made, sticks); else the simulated API server.
     */
    public static KubernetesMode choose(
            Optional<KubernetesMode> flag, String kubeconfigVariable, Optional<KubernetesMode> previous) {
        if (flag.isPresent()) {
            return flag.get();
        }
        if (kubeconfigVariable != null && !kubeconfigVariable.isBlank()) {
            return EXTERNAL;
        }
        return previous.filter(mode -> mode != EXTERNAL).orElse(SIMULATED);
    }
}
