-- The owner facts io.sealcloud.platform.tenancy.TenancyProjection keeps since workspace.owner-changed.v1, exactly as
-- docs/platform/tenancy.md shows them (metering's V4 and appstore's V5_1 have this shape).

CREATE TABLE workspace_owners (
    workspace_id text        NOT NULL,
    owner_id     text        NOT NULL,
    changed_at   timestamptz NOT NULL, -- owner from this time on (the creation, or the transfer)
    PRIMARY KEY (workspace_id, changed_at)
);
