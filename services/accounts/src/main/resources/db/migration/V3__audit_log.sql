-- Who did what: append-only. The service only inserts; the trigger makes UPDATE and DELETE fail for everyone but a
-- superuser who drops it first, so a bug or an injected statement cannot rewrite history. workspace_id is not a
-- foreign key: the entries of a deleted workspace stay.
CREATE TABLE audit_log (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at            timestamptz NOT NULL,
    actor         text        NOT NULL,              -- user id (sub), or "system:<component>"
    action        text        NOT NULL,              -- e.g. member.added, workspace.suspended
    workspace_id  text,
    target        text,                              -- what the action was about (a user id, an invitation id...)
    details       jsonb       NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX audit_log_workspace_idx ON audit_log (workspace_id, id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, id);
CREATE INDEX audit_log_at_idx ON audit_log (at);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
