-- The clusters service's projection of accounts' facts (sealcloud.accounts.v1), written by platform/runtime's
-- TenancyProjection inside the inbox transaction (docs/platform/tenancy.md): exactly the shared shape.
CREATE TABLE workspaces (
    id          text        PRIMARY KEY,
    owner_id    text        NOT NULL,
    namespace   text        NOT NULL,
    created_at  timestamptz NOT NULL,
    deleted_at  timestamptz
);

CREATE TABLE workspace_members (
    workspace_id text        NOT NULL,
    user_id      text        NOT NULL,
    role         text        NOT NULL CHECK (role IN ('owner', 'manager', 'developer')),
    changed_at   timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX workspace_members_user ON workspace_members (user_id);

CREATE TABLE workspace_suspensions (
    workspace_id text        PRIMARY KEY,
    suspended    boolean     NOT NULL,
    reasons      text        NOT NULL, -- sorted, comma-separated; '' when not suspended
    changed_at   timestamptz NOT NULL
);
CREATE INDEX workspace_suspensions_suspended ON workspace_suspensions (workspace_id) WHERE suspended;
