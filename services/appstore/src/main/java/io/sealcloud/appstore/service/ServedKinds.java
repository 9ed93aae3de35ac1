package io.sealcloud.appstore.service;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.sealcloud.appstore.domain.policy.GroupKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * What the cluster serves, from API discovery ({@code /api/v1}, {@code /apis} and each {@code /apis/<group>/<version>}):
 * which {@code apiVersion}/{@code kind} pairs exist, their resource (plural) names and scope. Cached and refreshed
 * every {@link #MAX_AGE}, and at once (at most every {@link #MIN_INTERVAL}) when a kind is asked for that the cached
 * answer does not have, so a CRD installed a moment ago counts. Blocking calls: use through {@link Blocking} on request
 * paths.
 *
 * <p>Group versions whose discovery fails (an aggregated API that is down) are reported as unknown, never as "not
 * served": nothing is refused because discovery had a bad moment.
 */
@ApplicationScoped
public class ServedKinds {

    /** How old the cached discovery may get before a read refreshes it. */
    public static final Duration MAX_AGE = Duration.ofSeconds(30);

    /** Refreshing on a miss happens at most this often (a template full of unknown kinds is not a discovery storm). */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(2);

    private static final Logger LOG = Logger.getLogger(ServedKinds.class);

    /** One served resource: enough to read and write it as a generic resource. */
    public record Served(String group, String version, String kind, String plural, boolean namespaced) {

        public String apiVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }

        public GroupKind groupKind() {
            return new GroupKind(group, kind);
        }

        public ResourceDefinitionContext context() {
            return new ResourceDefinitionContext.Builder()
                    .withGroup(group)
                    .withVersion(version)
                    .withKind(kind)
                    .withPlural(plural)
                    .withNamespaced(namespaced)
                    .build();
        }
    }

    /**
     * The answer for one {@code apiVersion}/{@code kind}: served (with its resource), not served (with the versions of
     * that group and kind the cluster does serve, maybe none), or unknown (its group's discovery failed).
     */
    public record Lookup(String apiVersion, String kind, Served served, List<String> servedVersions, boolean unknown) {

        public boolean isServed() {
            return served != null;
        }

        public boolean isNotServed() {
            return served == null && !unknown;
        }

        public GroupKind groupKind() {
            return GroupKind.of(apiVersion, kind);
        }
    }

    /** One discovery result. */
    public record Snapshot(
            Map<String, Map<String, Served>> byApiVersion,
            Map<GroupKind, List<Served>> byGroupKind,
            Set<String> failedGroupVersions,
            Instant fetchedAt) {

        static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of(), Set.of(), Instant.EPOCH);

        /** Whether {@code apiVersion}/{@code kind} is served, from this snapshot alone. */
        public Lookup lookup(String apiVersion, String kind) {
            Served served = byApiVersion.getOrDefault(apiVersion, Map.of()).get(kind);
            GroupKind groupKind = GroupKind.of(apiVersion, kind);
            List<String> versions = byGroupKind.getOrDefault(groupKind, List.of()).stream()
                    .map(Served::apiVersion)
                    .toList();
            boolean unknown = served == null
                    && failedGroupVersions.stream().anyMatch(gv -> groupOf(gv).equals(groupKind.group()));
            return new Lookup(apiVersion, kind, served, versions, unknown);
        }

        /** The group's preferred served version of a kind (discovery order), for listing and deleting. */
        public Optional<Served> anyVersion(GroupKind groupKind) {
            List<Served> all = byGroupKind.getOrDefault(groupKind, List.of());
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
        }
    }

    private final KubernetesClient client;
    private final Clock clock;
    private volatile Snapshot snapshot = Snapshot.EMPTY;

    @Inject
    public ServedKinds(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** The cached discovery, refreshed first when older than {@link #MAX_AGE}. */
    public Snapshot current() {
        Snapshot cached = snapshot;
        if (Duration.between(cached.fetchedAt(), clock.instant()).compareTo(MAX_AGE) > 0) {
            return refresh(cached);
        }
        return cached;
    }

    /**
     * Whether the cluster serves {@code apiVersion}/{@code kind}; a miss in a cached answer older than {@link
     * #MIN_INTERVAL} refreshes it first.
     */
    public Lookup lookup(String apiVersion, String kind) {
        Snapshot cached = current();
        Lookup found = cached.lookup(apiVersion, kind);
        if (found.isServed()
                || Duration.between(cached.fetchedAt(), clock.instant()).compareTo(MIN_INTERVAL) < 0) {
            return found;
        }
        return refresh(cached).lookup(apiVersion, kind);
    }

    /** A served version of {@code groupKind}, for reading and deleting objects of any version of it. */
    public Optional<Served> anyVersion(GroupKind groupKind) {
        return current().anyVersion(groupKind);
    }

    private synchronized Snapshot refresh(Snapshot seen) {
        if (snapshot != seen) {
            return snapshot; // another thread refreshed meanwhile
        }
        try {
            snapshot = discover();
        } catch (KubernetesClientException e) {
            if (seen == Snapshot.EMPTY) {
                throw e;
            }
            LOG.warnf("API discovery failed, keeping the answer from %s: %s", seen.fetchedAt(), e.getMessage());
        }
        return snapshot;
    }

    private Snapshot discover() {
        List<String> groupVersions = new ArrayList<>();
        groupVersions.add("v1");
        for (APIGroup group : client.getApiGroups().getGroups()) {
            // The preferred version first: it is the one used to list a kind served in several versions.
            String preferred = group.getPreferredVersion() == null
                    ? null
                    : group.getPreferredVersion().getGroupVersion();
            if (preferred != null) {
                groupVersions.add(preferred);
            }
            for (GroupVersionForDiscovery version : group.getVersions()) {
                if (!version.getGroupVersion().equals(preferred)) {
                    groupVersions.add(version.getGroupVersion());
                }
            }
        }
        Map<String, Map<String, Served>> byApiVersion = new HashMap<>();
        Map<GroupKind, List<Served>> byGroupKind = new HashMap<>();
        Set<String> failed = new HashSet<>();
        for (String groupVersion : groupVersions) {
            APIResourceList resources;
            try {
                resources = client.getApiResources(groupVersion);
            } catch (KubernetesClientException e) {
                LOG.debugf("Discovery of %s failed: %s", groupVersion, e.getMessage());
                failed.add(groupVersion);
                continue;
            }
            if (resources == null || resources.getResources() == null) {
                continue;
            }
            String group = groupOf(groupVersion);
            String version = groupVersion.substring(groupVersion.indexOf('/') + 1);
            Map<String, Served> kinds = new HashMap<>();
            for (APIResource resource : resources.getResources()) {
                if (resource.getName().contains("/")) {
                    continue; // a subresource (status, scale, …)
                }
                Served served = new Served(
                        group,
                        version,
                        resource.getKind(),
                        resource.getName(),
                        Boolean.TRUE.equals(resource.getNamespaced()));
                kinds.put(resource.getKind(), served);
                byGroupKind
                        .computeIfAbsent(served.groupKind(), k -> new ArrayList<>())
                        .add(served);
            }
            byApiVersion.put(groupVersion, Map.copyOf(kinds));
        }
        Map<GroupKind, List<Served>> frozen = new HashMap<>();
        byGroupKind.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        LOG.debugf("API discovery: %d group versions, %d failed", byApiVersion.size(), failed.size());
        return new Snapshot(Map.copyOf(byApiVersion), Map.copyOf(frozen), Set.copyOf(failed), clock.instant());
    }

    private static String groupOf(String groupVersion) {
        int slash = groupVersion.indexOf('/');
        return slash < 0 ? "" : groupVersion.substring(0, slash);
    }
}
