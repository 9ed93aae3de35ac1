-- A workspace whose usage in a window could not be rated at all (a sum or a price product past the range of a
-- bigint): recorded here instead of failing the window for every tenant. The other workspaces of the window settle
-- and publish as usual; this workspace's usage of the window gets no charge and no usage.recorded, and stays in
-- usage_samples / partner_events for ops to investigate.
CREATE TABLE rating_workspace_failures (
    workspace_id text        NOT NULL,
    window_start timestamptz NOT NULL,
    window_end   timestamptz NOT NULL,
    reason       text        NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, window_start)
);
