-- App instances and their revisions. The database is the source of truth for what an instance should run (its current
-- revision); the AppInstance custom resource mirrors it for the controller, which reports readiness back here.

CREATE TABLE app_instances (
    workspace_id    text        NOT NULL,
    name            text        NOT NULL CHECK (name ~ '^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$'),
    template        text        NOT NULL,
    version         text        NOT NULL,
    -- the revision the instance runs now (revisions only ever grow)
    revision        integer     NOT NULL CHECK (revision >= 1),
    -- the render seed of every revision: random defaults (names, passwords) stay stable across upgrades
    seed            text        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('progressing', 'ready', 'failed', 'uninstalling')),
    state_message   text,
    -- volume claims an upgrade no longer renders, and those left at uninstall: keep or delete
    pvc_policy      text        NOT NULL DEFAULT 'keep' CHECK (pvc_policy IN ('keep', 'delete')),
    links           text        NOT NULL DEFAULT '[]',
    created_by      text        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, name)
);

CREATE INDEX app_instances_template ON app_instances (template, version);

CREATE TABLE app_revisions (
    workspace_id    text        NOT NULL,
    instance        text        NOT NULL,
    revision        integer     NOT NULL CHECK (revision >= 1),
    template        text        NOT NULL,
    version         text        NOT NULL,
    action          text        NOT NULL CHECK (action IN ('install', 'upgrade', 'rollback', 'auto-rollback')),
    -- the revision this one replaced (null for the install)
    from_revision   integer,
    -- rollbacks: the kept revision whose inputs and objects this one copies
    source_revision integer,
    -- inputs as the user supplied them, and the resolved values (JSON objects)
    supplied_inputs text        NOT NULL,
    input_values    text        NOT NULL,
    -- the placed objects (JSON array): namespace and labels set, owner added by the controller
    objects         text        NOT NULL,
    -- atomic upgrades: not Ready by then → rolled back to from_revision
    deadline        timestamptz NOT NULL,
    atomic          boolean     NOT NULL,
    outcome         text        CHECK (outcome IN ('ready', 'failed', 'rolled-back')),
    outcome_message text,
    created_by      text        NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, instance, revision),
    FOREIGN KEY (workspace_id, instance) REFERENCES app_instances (workspace_id, name) ON DELETE CASCADE
);
