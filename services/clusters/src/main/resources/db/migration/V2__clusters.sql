-- Tenant clusters: the database holds the intent (what the tenant asked for) and what the controller last observed.
-- The KubeCluster resource carries the intent to the controller; the database decides (a KubeCluster that differs is
-- overwritten from here).
CREATE TABLE clusters (
    workspace_id        text        NOT NULL,
    name                text        NOT NULL CHECK (name ~ '^[a-z]([-a-z0-9]{0,28}[a-z0-9])?$'),
    namespace           text        NOT NULL,
    provider            text        NOT NULL CHECK (provider IN ('virtual', 'capi')),
    kubernetes_version  text        NOT NULL,
    -- null: awake; 'user' or 'suspension': why it sleeps
    hibernation         text        CHECK (hibernation IN ('user', 'suspension')),
    -- +1 per change of intent; cluster.ready is published once per generation
    generation          bigint      NOT NULL DEFAULT 1 CHECK (generation >= 1),
    ready_generation    bigint      NOT NULL DEFAULT 0,
    created_by          text        NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    delete_requested_at timestamptz,
    deleted_by          text,
    -- last observation of the controller
    observed_generation bigint,
    phase               text        NOT NULL DEFAULT 'Provisioning',
    ready               boolean     NOT NULL DEFAULT false,
    observed_version    text,
    endpoint            text,
    -- JSON array of {type, status, reason, message, lastTransitionTime}, as the API shows it
    conditions          text        NOT NULL DEFAULT '[]',
    PRIMARY KEY (workspace_id, name)
);

CREATE TABLE cluster_node_pools (
    workspace_id    text    NOT NULL,
    cluster         text    NOT NULL,
    name            text    NOT NULL CHECK (name ~ '^[a-z]([-a-z0-9]{0,18}[a-z0-9])?$'),
    position        int     NOT NULL,
    flavor          text    NOT NULL,
    replicas        int     NOT NULL CHECK (replicas >= 0),
    PRIMARY KEY (workspace_id, cluster, name),
    FOREIGN KEY (workspace_id, cluster) REFERENCES clusters (workspace_id, name) ON DELETE CASCADE
);
