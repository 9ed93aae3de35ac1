-- The tables io.sealcloud.platform.tenancy.TenancyProjection expects, exactly as docs/platform/tenancy.md shows them
-- (a service creates them in its own db/migration; metering's V1 + V3 and appstore's V2 + V5 have this shape).
-- Version 100.4.x: the tenancy block of the test-only 100.x versions.

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
    role         text        NOT NULL,
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
