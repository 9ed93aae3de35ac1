-- metering: the workspace projection (from accounts' events), effective-dated prices, usage (sampled and partner),
-- rating windows, charges (UNIQUE, corrections reference their original) and rating failures.

-- Workspace facts come only from accounts' events (sealcloud.accounts.v1), through the inbox.
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

-- Debt state per account (= the owner of the workspaces it pays for); newest changedAt wins.
CREATE TABLE account_debt_states (
    account_id  text        PRIMARY KEY,
    state       text        NOT NULL,
    changed_at  timestamptz NOT NULL
);

-- Prices: price_micros per per_quantity units. A version applies from effective_from until the next version of the
-- same resource. Versions are never edited or deleted (the trigger below makes that a database rule).
CREATE TABLE price_versions (
    id              text        PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 128),
    resource        text        NOT NULL,
    unit            text        NOT NULL CHECK (length(unit) BETWEEN 1 AND 64),
    price_micros    bigint      NOT NULL CHECK (price_micros >= 0),
    per_quantity    bigint      NOT NULL CHECK (per_quantity > 0),
    effective_from  timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    created_by      text        NOT NULL,
    description     text,
    CONSTRAINT price_versions_resource_from_key UNIQUE (resource, effective_from)
);

CREATE FUNCTION price_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'price versions are immutable (add a new version instead)' USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER price_versions_immutable BEFORE UPDATE OR DELETE ON price_versions
    FOR EACH ROW EXECUTE FUNCTION price_versions_immutable();

-- One row per workspace, sample time, resource and attribution: allocation in the resource's base unit (millicores,
-- MiB, ports, devices) held for `seconds`. The key makes a sample count once, whichever replica wrote it first.
CREATE TABLE usage_samples (
    workspace_id     text        NOT NULL,
    sampled_at       timestamptz NOT NULL,
    resource         text        NOT NULL,
    attribution_kind text        NOT NULL,
    attribution_name text        NOT NULL DEFAULT '', -- '' for "other" (a NULL would defeat the key)
    allocation       bigint      NOT NULL CHECK (allocation >= 0),
    seconds          integer     NOT NULL CHECK (seconds > 0),
    PRIMARY KEY (workspace_id, sampled_at, resource, attribution_kind, attribution_name)
);
CREATE INDEX usage_samples_time ON usage_samples (sampled_at);

-- Partner usage (CloudEvents), deduplicated durably on (client, source, id).
CREATE TABLE partner_events (
    client_id    text        NOT NULL,
    source       text        NOT NULL,
    event_id     text        NOT NULL,
    workspace_id text        NOT NULL,
    occurred_at  timestamptz NOT NULL,
    resource     text        NOT NULL,
    quantity     bigint      NOT NULL CHECK (quantity >= 0),
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (client_id, source, event_id)
);
CREATE INDEX partner_events_time ON partner_events (occurred_at);

-- A window is settled once: this row is inserted in the transaction that writes its charges.
CREATE TABLE rating_windows (
    window_start timestamptz PRIMARY KEY,
    window_end   timestamptz NOT NULL,
    settled_at   timestamptz NOT NULL,
    charges      integer     NOT NULL,
    failures     integer     NOT NULL
);

CREATE TABLE charges (
    id                text        PRIMARY KEY,
    workspace_id      text        NOT NULL,
    window_start      timestamptz NOT NULL,
    window_end        timestamptz NOT NULL,
    resource          text        NOT NULL,
    attribution_kind  text        NOT NULL,
    attribution_name  text        NOT NULL DEFAULT '',
    quantity          bigint      NOT NULL CHECK (quantity >= 0),
    unit              text        NOT NULL,
    usage_numerator   bigint      NOT NULL, -- exact usage: numerator / denominator units (no rounding yet)
    usage_denominator integer     NOT NULL CHECK (usage_denominator > 0),
    price_version     text        NOT NULL REFERENCES price_versions (id),
    debit_micros      bigint      NOT NULL,
    correction_of     text        REFERENCES charges (id),
    reprice_id        text,
    created_at        timestamptz NOT NULL
);
-- One original charge per (workspace, window, resource, attribution), whatever its id.
CREATE UNIQUE INDEX charges_original_key
    ON charges (workspace_id, window_start, resource, attribution_kind, attribution_name)
    WHERE correction_of IS NULL;
CREATE INDEX charges_workspace_time ON charges (workspace_id, window_start);
CREATE INDEX charges_correction_of ON charges (correction_of);

-- Usage a window could not price (no price version for the resource at the window's start). A reprice settles it.
CREATE TABLE rating_failures (
    workspace_id      text        NOT NULL,
    window_start      timestamptz NOT NULL,
    window_end        timestamptz NOT NULL,
    resource          text        NOT NULL,
    attribution_kind  text        NOT NULL,
    attribution_name  text        NOT NULL DEFAULT '',
    usage_numerator   bigint      NOT NULL,
    usage_denominator integer     NOT NULL,
    reason            text        NOT NULL,
    created_at        timestamptz NOT NULL,
    resolved_by       text        REFERENCES charges (id),
    PRIMARY KEY (workspace_id, window_start, resource, attribution_kind, attribution_name)
);

CREATE TABLE reprices (
    id             text        PRIMARY KEY,
    resource       text        NOT NULL,
    price_version  text        NOT NULL REFERENCES price_versions (id),
    window_from    timestamptz NOT NULL,
    window_to      timestamptz NOT NULL,
    workspace_id   text,
    requested_by   text        NOT NULL,
    created_at     timestamptz NOT NULL,
    corrections    integer     NOT NULL,
    settled        integer     NOT NULL,
    delta_micros   bigint      NOT NULL
);
