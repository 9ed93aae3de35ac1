-- Why a workspace is suspended. A set of reasons per workspace (debt, ops, ...): the workspace stays suspended while
-- any reason is present, so lifting one reason (a recharge lifts "debt") never resumes a workspace that another
-- reason (an operator's "ops") still holds. The DB -> Workspace resource sync copies the set into the spec.
CREATE TABLE workspace_suspensions (
    workspace_id  text        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    reason        text        NOT NULL CHECK (reason ~ '^[a-z][a-z0-9-]{0,30}[a-z0-9]$'),
    since         timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, reason)
);
