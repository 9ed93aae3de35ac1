-- accounts: ownership transfer needs the new owner's consent, and charges follow the owner of the usage window.

-- An offer of a team workspace's ownership to one of its members: the owner makes it, the member accepts or
-- declines it, the owner may cancel it; it expires at expires_at (a pending row past it is expired). Only accepting
-- changes the owner. One pending offer per workspace: a new offer cancels the previous one.
CREATE TABLE ownership_transfers (
    id            text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
    workspace_id  text        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    from_user_id  text        NOT NULL REFERENCES users (id),
    to_user_id    text        NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    state         text        NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'accepted', 'declined', 'cancelled')),
    resolved_by   text        REFERENCES users (id),
    resolved_at   timestamptz,
    CHECK (from_user_id <> to_user_id),
    CHECK ((state = 'pending') = (resolved_at IS NULL))
);

CREATE UNIQUE INDEX ownership_transfers_one_pending ON ownership_transfers (workspace_id) WHERE state = 'pending';
CREATE INDEX ownership_transfers_to_user_idx ON ownership_transfers (to_user_id) WHERE state = 'pending';

-- Who owned each workspace when: a metering charge is booked to the owner at its window's start, not to whoever owns
-- the workspace when the charge arrives. owned_until is null for the current owner (and, after a deletion, for the
-- last one). No foreign key: the history outlives the workspace, for charges that arrive after its deletion.
CREATE TABLE workspace_owners (
    workspace_id  text        NOT NULL,
    owner_id      text        NOT NULL,
    owned_from    timestamptz NOT NULL,
    owned_until   timestamptz,
    PRIMARY KEY (workspace_id, owned_from),
    CHECK (owned_until IS NULL OR owned_until >= owned_from)
);

CREATE UNIQUE INDEX workspace_owners_current ON workspace_owners (workspace_id) WHERE owned_until IS NULL;

-- Every new workspace starts its history with its creator, in the inserting transaction, whichever code path creates
-- it (personal at sign-up, team by request). A change of owner closes and opens rows in the transfer's transaction
-- (OwnershipTransferService.changeOwner), at the application's clock.
CREATE FUNCTION workspace_owners_on_create() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO workspace_owners (workspace_id, owner_id, owned_from) VALUES (NEW.id, NEW.owner_id, NEW.created_at);
    RETURN NEW;
END
$$;

CREATE TRIGGER workspace_owners_on_create
    AFTER INSERT ON workspaces
    FOR EACH ROW EXECUTE FUNCTION workspace_owners_on_create();

-- What is known of the past: each live workspace was owned by its current owner since it was created (transfers
-- before this migration left no trace), each deleted one by the owner its tombstone kept.
INSERT INTO workspace_owners (workspace_id, owner_id, owned_from)
SELECT id, owner_id, created_at FROM workspaces
ON CONFLICT DO NOTHING;
INSERT INTO workspace_owners (workspace_id, owner_id, owned_from)
SELECT id, owner_id, '-infinity'::timestamptz FROM deleted_workspaces d
 WHERE NOT EXISTS (SELECT 1 FROM workspace_owners o WHERE o.workspace_id = d.id);
