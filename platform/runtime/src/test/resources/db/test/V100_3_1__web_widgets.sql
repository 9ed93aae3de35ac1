-- Test-only table for the problem and Idempotency-Key tests (helper "web"): what the test resource creates.
CREATE TABLE web_test_widget (
    id         bigserial   PRIMARY KEY,
    owner      text        NOT NULL,
    name       text        NOT NULL,
    size       integer     NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
