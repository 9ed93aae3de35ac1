-- accounts: tombstones of deleted workspaces. Metering may still publish charge.created for a workspace after it was
-- deleted (the last metering window closes after the deletion, and events can lag): the charge must still debit the
-- owner at the time of deletion, so the owner is kept here. The row is written in the transaction that deletes the
-- workspace (owner's delete or final deletion of an account in debt) and never removed: it is small, and a charge
-- may arrive arbitrarily late (a replay of the metering topic).
CREATE TABLE deleted_workspaces (
    id          text        PRIMARY KEY,
    name        text        NOT NULL,
    kind        text        NOT NULL,
    owner_id    text        NOT NULL,
    namespace   text        NOT NULL,
    deleted_by  text        NOT NULL,
    deleted_at  timestamptz NOT NULL
);

CREATE INDEX deleted_workspaces_owner_idx ON deleted_workspaces (owner_id);
