-- Every owner a workspace has had, from the time it became the owner (workspace.created, then each
-- workspace.owner-changed.v1): the runtime's tenancy projection keeps them, newest fact wins for workspaces.owner_id,
-- and metering decides billability from the owner at the time of the usage (docs/platform/tenancy.md).
CREATE TABLE workspace_owners (
    workspace_id text        NOT NULL,
    owner_id     text        NOT NULL,
    changed_at   timestamptz NOT NULL, -- owner from this time on (the creation, or the transfer)
    PRIMARY KEY (workspace_id, changed_at)
);

-- What the projection knew before: the creator, since the creation (a placeholder row of a deletion that overtook its
-- creation has owner '' and is left out).
INSERT INTO workspace_owners (workspace_id, owner_id, changed_at)
SELECT id, owner_id, created_at FROM workspaces WHERE owner_id <> ''
ON CONFLICT DO NOTHING;
