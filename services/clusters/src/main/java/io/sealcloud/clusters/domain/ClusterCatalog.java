package io.sealcloud.clusters.domain;

import io.sealcloud.clusters.domain.ClusterRuleException.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the platform offers (providers, versions, flavors) and the rules of a cluster's life that follow from it: which
 * create requests are valid, the version-skew policy (an upgrade moves at most one minor version; a skip is refused
 * naming the allowed next version), and the per-workspace limits. Pure: no I/O.
 */
public record ClusterCatalog(
        List<Provider> providers, List<String> versions, Map<String, Flavor> flavors, Limits limits) {

    /** Quotas per workspace. */
    public record Limits(int clustersPerWorkspace, int nodesPerWorkspace, int poolsPerCluster) {}

    private static final Pattern VERSION = Pattern.compile("^([1-9][0-9]*)\\.([0-9]+)\\.([0-9]+)$");

    public ClusterCatalog {
        providers = List.copyOf(providers);
        versions = versions.stream()
                .map(String::trim)
                .sorted(ClusterCatalog::compare)
                .toList();
        flavors = Map.copyOf(flavors);
        for (String v : versions) {
            if (!VERSION.matcher(v).matches()) {
                throw new IllegalArgumentException("Offered version is not major.minor.patch: " + v);
            }
        }
    }

    /** Checks a create request against the offer; the pools are returned as they will be stored. */
    public void checkCreate(Provider provider, String version, List<NodePool> pools) {
        if (provider == null || !providers.contains(provider)) {
            throw new ClusterRuleException(
                    Kind.INVALID,
                    "invalid-request",
                    "/provider",
                    "must be one of "
                            + providers.stream().map(Provider::wireName).toList());
        }
        if (!versions.contains(version)) {
            throw new ClusterRuleException(
                    Kind.INVALID, "invalid-request", "/kubernetesVersion", "must be one of the offered " + versions);
        }
        if (provider == Provider.VIRTUAL && !pools.isEmpty()) {
            throw new ClusterRuleException(
                    Kind.INVALID,
                    "invalid-request",
                    "/nodePools",
                    "must be empty: a virtual cluster runs its workloads as pods of the workspace, on no nodes of"
                            + " its own");
        }
        if (provider == Provider.CAPI && pools.isEmpty()) {
            throw new ClusterRuleException(
                    Kind.INVALID,
                    "invalid-request",
                    "/nodePools",
                    "a dedicated (capi) cluster needs at least one pool");
        }
        if (pools.size() > limits.poolsPerCluster()) {
            throw new ClusterRuleException(
                    Kind.INVALID,
                    "invalid-request",
                    "/nodePools",
                    "at most " + limits.poolsPerCluster() + " pools per cluster");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < pools.size(); i++) {
            NodePool pool = pools.get(i);
            if (!names.add(pool.name())) {
                throw new ClusterRuleException(
                        Kind.INVALID, "invalid-request", "/nodePools/" + i + "/name", "is used by another pool");
            }
            if (!flavors.containsKey(pool.flavor())) {
                throw new ClusterRuleException(
                        Kind.INVALID,
                        "invalid-request",
                        "/nodePools/" + i + "/flavor",
                        "must be one of the offered "
                                + flavors.keySet().stream().sorted().toList());
            }
        }
    }

    /**
     * The version-skew policy: {@code target} must be offered and newer than {@code current}, in the same minor
     * (a patch) or the next one. Kubernetes supports upgrading the control plane one minor version at a time (and
     * nodes may lag it by no more than that), so a skip is refused with the version to go to first.
     */
    public void checkUpgrade(String current, String target) {
        if (!versions.contains(target)) {
            throw new ClusterRuleException(
                    Kind.INVALID, "invalid-request", "/kubernetesVersion", "must be one of the offered " + versions);
        }
        int order = compare(target, current);
        if (order == 0) {
            throw new ClusterRuleException(
                    Kind.CONFLICT, "no-changes", "/kubernetesVersion", "the cluster already runs " + current);
        }
        if (order < 0) {
            throw new ClusterRuleException(
                    Kind.UNPROCESSABLE,
                    "version-downgrade",
                    "/kubernetesVersion",
                    "Kubernetes cannot be downgraded: " + current + " → " + target + " is refused");
        }
        int[] from = parts(current);
        int[] to = parts(target);
        if (to[0] != from[0] || to[1] > from[1] + 1) {
            String next = nextAllowed(current).orElse(current);
            throw new ClusterRuleException(
                    Kind.UNPROCESSABLE,
                    "version-skip",
                    "/kubernetesVersion",
                    "an upgrade moves at most one minor version: from " + current + " go to " + next + " first");
        }
    }

    /** The newest offered version an upgrade from {@code current} may go to (same or next minor), if any. */
    public Optional<String> nextAllowed(String current) {
        int[] from = parts(current);
        return versions.stream()
                .filter(v -> compare(v, current) > 0)
                .filter(v -> parts(v)[0] == from[0] && parts(v)[1] <= from[1] + 1)
                .max(ClusterCatalog::compare);
    }

    /**
     * The workspace's limits with this change: {@code clusters} and {@code nodes} are the workspace's totals after it
     * (every cluster counts, hibernated and deleting ones included: their nodes return on a wake).
     */
    public void checkLimits(int clusters, int nodes) {
        if (clusters > limits.clustersPerWorkspace()) {
            throw new ClusterRuleException(
                    Kind.CONFLICT,
                    "cluster-limit-reached",
                    null,
                    "A workspace may have " + limits.clustersPerWorkspace()
                            + " clusters; delete one before creating another.");
        }
        if (nodes > limits.nodesPerWorkspace()) {
            throw new ClusterRuleException(
                    Kind.UNPROCESSABLE,
                    "node-limit-exceeded",
                    "/nodePools",
                    "The workspace's clusters would have " + nodes + " nodes; the limit is "
                            + limits.nodesPerWorkspace() + ".");
        }
    }

    /** The minor version, e.g. 31 of 1.31.4. */
    public static int minor(String version) {
        return parts(version)[1];
    }

    static int compare(String a, String b) {
        return Comparator.<int[]>comparingInt(p -> p[0])
                .thenComparingInt(p -> p[1])
                .thenComparingInt(p -> p[2])
                .compare(parts(a), parts(b));
    }

    private static int[] parts(String version) {
        Matcher m = VERSION.matcher(version == null ? "" : version);
        if (!m.matches()) {
            throw new ClusterRuleException(
                    Kind.INVALID, "invalid-request", "/kubernetesVersion", "must be major.minor.patch, e.g. 1.31.4");
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }

    /** Every offered version as a list, oldest first (for the API's offer endpoint). */
    public List<String> versionsAscending() {
        return new ArrayList<>(versions);
    }
}
