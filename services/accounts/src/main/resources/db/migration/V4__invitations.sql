-- Invitations to a team workspace: role-scoped (never owner), expiring, single use. Only a SHA-256 of the code is
-- stored: a leaked table does not let anyone join.
CREATE TABLE invitations (
    id            text        PRIMARY KEY,
    workspace_id  text        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    code_sha256   text        NOT NULL UNIQUE,
    role          text        NOT NULL CHECK (role IN ('manager', 'developer')),
    email         text,
    invited_by    text        NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    -- pending -> accepted | declined | revoked, once; expired is pending past expires_at
    state         text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'declined', 'revoked')),
    resolved_by   text        REFERENCES users (id),
    resolved_at   timestamptz,
    CHECK ((state = 'pending') = (resolved_at IS NULL))
);

CREATE INDEX invitations_workspace_idx ON invitations (workspace_id, created_at);
