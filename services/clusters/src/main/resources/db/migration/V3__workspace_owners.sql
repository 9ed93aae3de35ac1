-- The owner facts the runtime's tenancy projection keeps since workspace.owner-changed.v1 (docs/platform/tenancy.md):
-- every owner a workspace has had, from the time it became the owner; workspaces.owner_id is the newest.
CREATE TABLE workspace_owners (
    workspace_id text        NOT NULL,
    owner_id     text        NOT NULL,
    changed_at   timestamptz NOT NULL, -- owner from this time on (the creation, or the transfer)
    PRIMARY KEY (workspace_id, changed_at)
);

INSERT INTO workspace_owners (workspace_id, owner_id, changed_at)
SELECT id, owner_id, created_at FROM workspaces WHERE owner_id <> ''
ON CONFLICT DO NOTHING;
