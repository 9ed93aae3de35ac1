-- A workspace's suspension as accounts last announced it (workspace.suspension-changed.v1 carries the whole state:
-- suspended + the reasons, e.g. 'debt', 'ops'); the newest changed_at wins. Once a workspace has a row, the row alone
-- decides whether it is suspended; before its first event, the owner's debt state (account_debt_states) decides, so
-- workspaces suspended for debt before accounts published this event stay free.
CREATE TABLE workspace_suspensions (
    workspace_id text        PRIMARY KEY,
    suspended    boolean     NOT NULL,
    reasons      text        NOT NULL, -- sorted, comma-separated; '' when not suspended
    changed_at   timestamptz NOT NULL
);
CREATE INDEX workspace_suspensions_suspended ON workspace_suspensions (workspace_id) WHERE suspended;
