-- Quota overrides set by ops (PUT /ops/workspaces/{id}/quota); NULL = the configured default. The sync writes them
-- into the Workspace resource's spec.quota.
ALTER TABLE workspaces
    ADD COLUMN quota_cpu        text,
    ADD COLUMN quota_memory     text,
    ADD COLUMN quota_storage    text,
    ADD COLUMN quota_pods       integer CHECK (quota_pods >= 0),
    ADD COLUMN quota_node_ports integer CHECK (quota_node_ports >= 0);

-- Membership lists are read per workspace, oldest first.
CREATE INDEX memberships_workspace_created_idx ON memberships (workspace_id, created_at);
