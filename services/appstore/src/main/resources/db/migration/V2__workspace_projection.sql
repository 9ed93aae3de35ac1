-- appstore's projection of accounts' facts (sealcloud.accounts.v1): workspaces, memberships, suspension.
-- Written only by the accounts-events consumer inside its inbox transaction. Events of different workspaces arrive in
-- any order, so every write keeps the newest fact by its event time.

CREATE TABLE workspaces (
    id                      text        PRIMARY KEY,
    owner_id                text,
    namespace               text        NOT NULL,
    created_at              timestamptz,
    deleted_at              timestamptz,
    suspended               boolean     NOT NULL DEFAULT false,
    -- ",debt,ops," (sorted, delimited): every reason that holds now
    suspension_reasons      text        NOT NULL DEFAULT '',
    suspension_changed_at   timestamptz
);

CREATE TABLE workspace_members (
    workspace_id    text        NOT NULL,
    user_id         text        NOT NULL,
    role            text        NOT NULL CHECK (role IN ('owner', 'manager', 'developer')),
    changed_at      timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);

CREATE INDEX workspace_members_user ON workspace_members (user_id);
