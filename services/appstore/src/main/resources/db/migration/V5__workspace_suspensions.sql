-- The workspace projection moves to platform/runtime's TenancyProjection (docs/platform/tenancy.md), which keeps a
-- workspace's suspension in a table of its own, as metering does: the state accounts last announced
-- (workspace.suspension-changed.v1 carries all of it), newest changed_at wins. A suspension may arrive before the
-- workspace, and a row of its own says "has had a suspension event" without a placeholder workspaces row.
CREATE TABLE workspace_suspensions (
    workspace_id text        PRIMARY KEY,
    suspended    boolean     NOT NULL,
    reasons      text        NOT NULL, -- sorted, comma-separated; '' when not suspended
    changed_at   timestamptz NOT NULL
);
CREATE INDEX workspace_suspensions_suspended ON workspace_suspensions (workspace_id) WHERE suspended;

-- What V2's columns hold (reasons there are ",debt,ops,", kept even when not suspended).
INSERT INTO workspace_suspensions (workspace_id, suspended, reasons, changed_at)
SELECT id, suspended, CASE WHEN suspended THEN trim(BOTH ',' FROM suspension_reasons) ELSE '' END,
       suspension_changed_at
FROM workspaces
WHERE suspension_changed_at IS NOT NULL;

-- workspaces.suspended, .suspension_reasons and .suspension_changed_at are no longer written or read. They stay (an
-- applied migration is never edited, and dropping them would fail the replicas of the previous release during a
-- rolling update); while such a replica still consumes events it writes those columns, so copy what it writes.
CREATE FUNCTION workspaces_suspension_to_table() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.suspension_changed_at IS NOT NULL THEN
        INSERT INTO workspace_suspensions (workspace_id, suspended, reasons, changed_at)
        VALUES (NEW.id, NEW.suspended,
                CASE WHEN NEW.suspended THEN trim(BOTH ',' FROM NEW.suspension_reasons) ELSE '' END,
                NEW.suspension_changed_at)
        ON CONFLICT (workspace_id) DO UPDATE SET suspended = excluded.suspended, reasons = excluded.reasons,
            changed_at = excluded.changed_at
        WHERE workspace_suspensions.changed_at <= excluded.changed_at;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER workspaces_suspension_to_table
    AFTER INSERT OR UPDATE OF suspended, suspension_reasons, suspension_changed_at ON workspaces
    FOR EACH ROW EXECUTE FUNCTION workspaces_suspension_to_table();
