-- accounts: users (from their tokens), workspaces (one namespace each) and memberships (who may do what where).

CREATE TABLE users (
    id          text        PRIMARY KEY,            -- the identity provider's subject (sub)
    username    text        NOT NULL,               -- not unique: usernames can be renamed and reused in the IdP
    email       text,
    name        text,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE TABLE workspaces (
    id              text        PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9]{1,19}$'),
    name            text        NOT NULL CHECK (name ~ '^[a-z][a-z0-9-]{1,38}[a-z0-9]$'),
    display_name    text        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('personal', 'team')),
    owner_id        text        NOT NULL REFERENCES users (id),
    namespace       text        NOT NULL,
    ready           boolean     NOT NULL DEFAULT false,
    ready_at        timestamptz,
    phase           text        NOT NULL DEFAULT 'Pending',
    status_message  text,
    created_at      timestamptz NOT NULL,
    CONSTRAINT workspaces_owner_name_key UNIQUE (owner_id, name),
    CONSTRAINT workspaces_namespace_key UNIQUE (namespace)
);

-- One personal workspace per user: concurrent first sign-ins race on this index and exactly one insert wins.
CREATE UNIQUE INDEX workspaces_one_personal_per_owner ON workspaces (owner_id) WHERE kind = 'personal';

CREATE TABLE memberships (
    workspace_id  text        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id       text        NOT NULL REFERENCES users (id),
    role          text        NOT NULL CHECK (role IN ('owner', 'manager', 'developer')),
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);

-- "My workspaces" reads memberships by user.
CREATE INDEX memberships_user_id_idx ON memberships (user_id);
