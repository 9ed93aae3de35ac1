-- accounts: notifications to an account's user (today: every move on the debt ladder).

CREATE TABLE notifications (
    id                  bigserial   PRIMARY KEY,
    account_id          text        NOT NULL REFERENCES accounts (id),
    kind                text        NOT NULL,
    state               text        NOT NULL,
    previous_state      text        NOT NULL,
    balance_micros      bigint      NOT NULL,
    message             text        NOT NULL,
    created_at          timestamptz NOT NULL
);

CREATE INDEX notifications_account_idx ON notifications (account_id, id DESC);
