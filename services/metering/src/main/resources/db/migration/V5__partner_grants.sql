-- Which partner clients may report usage for a workspace: granted by the workspace's owner (or ops), revoked by
-- deleting the row. Partner usage for a workspace without a grant for the sending client is refused per event.
CREATE TABLE partner_grants (
    workspace_id text        NOT NULL,
    client_id    text        NOT NULL CHECK (length(client_id) BETWEEN 1 AND 100),
    granted_by   text        NOT NULL,
    granted_at   timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, client_id)
);

-- The ingest bound sums one partner's quantities for one workspace in one window per request: an index for it.
CREATE INDEX partner_events_client_workspace_time ON partner_events (client_id, workspace_id, occurred_at);
