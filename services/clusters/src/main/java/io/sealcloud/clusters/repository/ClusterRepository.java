package io.sealcloud.clusters.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.sealcloud.clusters.domain.Cluster;
import io.sealcloud.clusters.domain.ClusterCondition;
import io.sealcloud.clusters.domain.ClusterObservation;
import io.sealcloud.clusters.domain.ClusterPage;
import io.sealcloud.clusters.domain.NodePool;
import io.sealcloud.clusters.domain.Provider;
import io.sealcloud.platform.sql.Sql;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Clusters and their node pools (native SQL in the caller's Panache session and transaction). */
@ApplicationScoped
public class ClusterRepository {

    private static final String COLUMNS = "workspace_id, name, namespace, provider, kubernetes_version, hibernation,"
            + " generation, ready_generation, created_by, created_at, updated_at, delete_requested_at, deleted_by,"
            + " coalesce(observed_generation, 0), phase, ready, observed_version, endpoint, conditions";

    private static final TypeReference<List<ClusterCondition>> CONDITIONS = new TypeReference<>() {};
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** Locks the workspace's projection row, so that limit checks of concurrent creates run one after another. */
    public Uni<Void> lockWorkspace(String workspaceId) {
        return Sql.rows("SELECT id, namespace FROM workspaces WHERE id = :ws FOR UPDATE", Map.of("ws", workspaceId))
                .replaceWithVoid();
    }

    public Uni<Optional<Cluster>> find(String workspaceId, String name) {
        return one("SELECT " + COLUMNS + " FROM clusters WHERE workspace_id = :ws AND name = :name", workspaceId, name);
    }

    /** The cluster, its row locked until the transaction ends (one change at a time). */
    public Uni<Optional<Cluster>> findForUpdate(String workspaceId, String name) {
        return one(
                "SELECT " + COLUMNS + " FROM clusters WHERE workspace_id = :ws AND name = :name FOR UPDATE",
                workspaceId,
                name);
    }

    public Uni<ClusterPage> page(String workspaceId, int page, int size) {
        return Sql.rows(
                        "SELECT " + COLUMNS + " FROM clusters WHERE workspace_id = :ws ORDER BY name"
                                + " LIMIT :limit OFFSET :offset",
                        Map.of("ws", workspaceId, "limit", size, "offset", page * size))
                .chain(rows -> withPools(rows.stream().map(this::cluster).toList()))
                .chain(items -> Sql.rows(
                                "SELECT count(*), 0 FROM clusters WHERE workspace_id = :ws", Map.of("ws", workspaceId))
                        .map(count -> new ClusterPage(items, Sql.number(count.get(0)[0]))));
    }

    /** Every cluster of a workspace (suspension hibernates them all). */
    public Uni<List<Cluster>> inWorkspace(String workspaceId) {
        return Sql.rows(
                        "SELECT " + COLUMNS + " FROM clusters WHERE workspace_id = :ws ORDER BY name FOR UPDATE",
                        Map.of("ws", workspaceId))
                .chain(rows -> withPools(rows.stream().map(this::cluster).toList()));
    }

    /** Whether accounts' latest announcement says the workspace is suspended. */
    public Uni<Boolean> suspended(String workspaceId) {
        return Sql.rows(
                        "SELECT suspended, reasons FROM workspace_suspensions WHERE workspace_id = :ws",
                        Map.of("ws", workspaceId))
                .map(rows -> !rows.isEmpty() && (Boolean) rows.get(0)[0]);
    }

    /** The workspace's clusters and the nodes their pools hold, in that order. */
    public Uni<long[]> usage(String workspaceId) {
        return Sql.rows("""
                        SELECT (SELECT count(*) FROM clusters WHERE workspace_id = :ws),
                               (SELECT coalesce(sum(replicas), 0) FROM cluster_node_pools WHERE workspace_id = :ws)
                        """, Map.of("ws", workspaceId))
                .map(rows -> new long[] {Sql.number(rows.get(0)[0]), Sql.number(rows.get(0)[1])});
    }

    public Uni<Void> insert(Cluster c) {
        Map<String, Object> p = new HashMap<>();
        p.put("ws", c.workspaceId());
        p.put("name", c.name());
        p.put("ns", c.namespace());
        p.put("provider", c.provider().wireName());
        p.put("version", c.kubernetesVersion());
        p.put("by", c.createdBy());
        p.put("at", c.createdAt());
        return Sql.update("""
                        INSERT INTO clusters (workspace_id, name, namespace, provider, kubernetes_version, created_by,
                            created_at, updated_at)
                        VALUES (:ws, :name, :ns, :provider, :version, :by, :at, :at)
                        """, p).chain(() -> insertPools(c.workspaceId(), c.name(), c.nodePools()));
    }

    /** Writes the intent's changeable parts (version, hibernation, pool replicas) and its new generation. */
    public Uni<Void> updateIntent(Cluster c) {
        Map<String, Object> p = new HashMap<>();
        p.put("ws", c.workspaceId());
        p.put("name", c.name());
        p.put("version", c.kubernetesVersion());
        p.put("hibernation", c.hibernation() == null ? "" : c.hibernation());
        p.put("generation", c.generation());
        p.put("at", c.updatedAt());
        return Sql.update("""
                        UPDATE clusters SET kubernetes_version = :version, hibernation = nullif(:hibernation, ''),
                            generation = :generation, updated_at = :at, phase = CASE WHEN ready
                                THEN 'Updating' ELSE phase END
                        WHERE workspace_id = :ws AND name = :name
                        """, p).chain(() -> updatePools(c));
    }

    private Uni<Void> updatePools(Cluster c) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (NodePool pool : c.nodePools()) {
            chain = chain.chain(() -> Sql.update(
                            "UPDATE cluster_node_pools SET replicas = :replicas"
                                    + " WHERE workspace_id = :ws AND cluster = :cluster AND name = :name",
                            Map.of(
                                    "replicas",
                                    pool.replicas(),
                                    "ws",
                                    c.workspaceId(),
                                    "cluster",
                                    c.name(),
                                    "name",
                                    pool.name()))
                    .replaceWithVoid());
        }
        return chain;
    }

    public Uni<Void> markDeleting(String workspaceId, String name, String by, Instant at) {
        return Sql.update("""
                        UPDATE clusters SET delete_requested_at = :at, deleted_by = :by, updated_at = :at,
                            phase = 'Deleting'
                        WHERE workspace_id = :ws AND name = :name AND delete_requested_at IS NULL
                        """, Map.of("ws", workspaceId, "name", name, "by", by, "at", at))
                .replaceWithVoid();
    }

    /** Stores what the controller observed; true when it changed anything. */
    public Uni<Boolean> observe(String workspaceId, String name, ClusterObservation o) {
        Map<String, Object> p = new HashMap<>();
        p.put("ws", workspaceId);
        p.put("name", name);
        p.put("generation", o.generation());
        p.put("phase", o.phase());
        p.put("ready", o.ready());
        p.put("version", o.version() == null ? "" : o.version());
        p.put("endpoint", o.endpoint() == null ? "" : o.endpoint());
        p.put("conditions", write(o.conditions()));
        return Sql.update("""
                        UPDATE clusters SET observed_generation = :generation,
                            phase = CASE WHEN delete_requested_at IS NULL THEN :phase ELSE 'Deleting' END,
                            ready = :ready, observed_version = nullif(:version, ''), endpoint = nullif(:endpoint, ''),
                            conditions = :conditions
                        WHERE workspace_id = :ws AND name = :name AND generation <= :generation
                            AND (observed_generation IS DISTINCT FROM :generation OR phase IS DISTINCT FROM :phase
                                OR ready IS DISTINCT FROM :ready
                                OR observed_version IS DISTINCT FROM nullif(:version, '')
                                OR endpoint IS DISTINCT FROM nullif(:endpoint, '')
                                OR conditions IS DISTINCT FROM :conditions)
                        """, p).map(changed -> changed > 0);
    }

    /** Records that {@code cluster.ready} was published for the generation; false when it already was. */
    public Uni<Boolean> markReady(String workspaceId, String name, long generation) {
        return Sql.update(
                        "UPDATE clusters SET ready_generation = :generation"
                                + " WHERE workspace_id = :ws AND name = :name AND ready_generation < :generation",
                        Map.of("ws", workspaceId, "name", name, "generation", generation))
                .map(changed -> changed > 0);
    }

    public Uni<Boolean> delete(String workspaceId, String name) {
        return Sql.update(
                        "DELETE FROM clusters WHERE workspace_id = :ws AND name = :name",
                        Map.of("ws", workspaceId, "name", name))
                .map(changed -> changed > 0);
    }

    private Uni<Void> insertPools(String workspaceId, String cluster, List<NodePool> pools) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < pools.size(); i++) {
            NodePool pool = pools.get(i);
            Map<String, Object> p = new HashMap<>();
            p.put("ws", workspaceId);
            p.put("cluster", cluster);
            p.put("name", pool.name());
            p.put("position", i);
            p.put("flavor", pool.flavor());
            p.put("replicas", pool.replicas());
            chain = chain.chain(() -> Sql.update("""
                            INSERT INTO cluster_node_pools (workspace_id, cluster, name, position, flavor, replicas)
                            VALUES (:ws, :cluster, :name, :position, :flavor, :replicas)
                            """, p).replaceWithVoid());
        }
        return chain;
    }

    private Uni<Optional<Cluster>> one(String sql, String workspaceId, String name) {
        return Sql.rows(sql, Map.of("ws", workspaceId, "name", name)).chain(rows -> {
            if (rows.isEmpty()) {
                return Uni.createFrom().item(Optional.<Cluster>empty());
            }
            return withPools(List.of(cluster(rows.get(0)))).map(list -> Optional.of(list.get(0)));
        });
    }

    private Uni<List<Cluster>> withPools(List<Cluster> clusters) {
        if (clusters.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String ws = clusters.get(0).workspaceId();
        return Sql.rows(
                        "SELECT cluster, name, flavor, replicas FROM cluster_node_pools WHERE workspace_id = :ws"
                                + " ORDER BY cluster, position",
                        Map.of("ws", ws))
                .map(rows -> {
                    Map<String, List<NodePool>> byCluster = new LinkedHashMap<>();
                    for (Object[] r : rows) {
                        byCluster
                                .computeIfAbsent(Sql.text(r[0]), k -> new ArrayList<>())
                                .add(new NodePool(Sql.text(r[1]), Sql.text(r[2]), (int) Sql.number(r[3])));
                    }
                    return clusters.stream()
                            .map(c -> withPools(c, byCluster.getOrDefault(c.name(), List.of())))
                            .toList();
                });
    }

    private static Cluster withPools(Cluster c, List<NodePool> pools) {
        return new Cluster(
                c.workspaceId(),
                c.namespace(),
                c.name(),
                c.provider(),
                c.kubernetesVersion(),
                pools,
                c.hibernation(),
                c.generation(),
                c.readyGeneration(),
                c.createdBy(),
                c.createdAt(),
                c.updatedAt(),
                c.deleteRequestedAt(),
                c.deletedBy(),
                c.observed());
    }

    private Cluster cluster(Object[] r) {
        ClusterObservation observed = new ClusterObservation(
                Sql.number(r[13]),
                Sql.text(r[14]),
                (Boolean) r[15],
                Sql.text(r[16]),
                Sql.text(r[17]),
                read(Sql.text(r[18])));
        return new Cluster(
                Sql.text(r[0]),
                Sql.text(r[2]),
                Sql.text(r[1]),
                Provider.parse(Sql.text(r[3])),
                Sql.text(r[4]),
                List.of(),
                Sql.text(r[5]),
                Sql.number(r[6]),
                Sql.number(r[7]),
                Sql.text(r[8]),
                Sql.instant(r[9]),
                Sql.instant(r[10]),
                Sql.instant(r[11]),
                Sql.text(r[12]),
                observed);
    }

    private String write(List<ClusterCondition> conditions) {
        try {
            return json.writeValueAsString(conditions);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<ClusterCondition> read(String text) {
        try {
            return text == null ? List.of() : json.readValue(text, CONDITIONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable conditions: " + text, e);
        }
    }
}
