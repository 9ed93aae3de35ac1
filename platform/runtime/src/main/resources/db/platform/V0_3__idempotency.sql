-- Idempotency-Key records (io.sealcloud.platform.idempotency.Idempotency): the first response to a mutating
-- request, kept so that a retry with the same key gets the same answer instead of a second execution.
-- One row per (principal, key). A row is 'in_progress' from the claim until the action's transaction commits;
-- the completion is written inside that same transaction, so "action happened" and "response stored" are one fact.
CREATE TABLE idempotency_key (
    principal        text        NOT NULL,
    idempotency_key  text        NOT NULL,
    -- SHA-256 (hex) of the canonical JSON of the request body: same key + another body is refused.
    request_hash     text        NOT NULL,
    method           text        NOT NULL,
    path             text        NOT NULL,
    state            text        NOT NULL,
    -- Who holds the claim; a completion or release only applies while the token still matches.
    lock_token       uuid        NOT NULL,
    -- A claim older than this is presumed dead (process crashed) and may be taken over by a retry.
    locked_until     timestamptz NOT NULL,
    status           integer,
    -- {"Header-Name": ["value", ...]} of the stored response (Location, Content-Type, ETag, ...).
    response_headers jsonb,
    response_body    bytea,
    created_at       timestamptz NOT NULL DEFAULT now(),
    completed_at     timestamptz,
    expires_at       timestamptz NOT NULL,
    CONSTRAINT idempotency_key_pk PRIMARY KEY (principal, idempotency_key),
    CONSTRAINT idempotency_key_state CHECK (state IN ('in_progress', 'completed')),
    CONSTRAINT idempotency_key_completed_has_status CHECK (state <> 'completed' OR status IS NOT NULL)
);

-- The purge deletes by expiry.
CREATE INDEX idempotency_key_expires_at ON idempotency_key (expires_at);
