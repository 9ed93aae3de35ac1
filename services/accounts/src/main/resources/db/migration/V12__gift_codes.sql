-- accounts: gift codes issued by ops and redeemed by users into (optionally expiring) credit.

CREATE TABLE gift_codes (
    code                text        PRIMARY KEY CHECK (code ~ '^[A-Z0-9-]{4,64}$'),
    amount_micros       bigint      NOT NULL CHECK (amount_micros > 0),
    max_uses            integer     NOT NULL CHECK (max_uses > 0),
    uses                integer     NOT NULL DEFAULT 0,
    per_user_limit      integer     NOT NULL DEFAULT 1 CHECK (per_user_limit > 0),
    -- Until when the code can be redeemed (null: no end).
    expires_at          timestamptz,
    -- How long the credit of a redemption stays usable (null: it does not expire).
    credit_valid_seconds bigint     CHECK (credit_valid_seconds > 0),
    description         text,
    disabled            boolean     NOT NULL DEFAULT false,
    created_by          text        NOT NULL,
    created_at          timestamptz NOT NULL,
    CONSTRAINT gift_codes_uses_within_max CHECK (uses <= max_uses)
);

-- One row per redemption; (code, user, n) unique with n ≤ the code's per-user limit, so neither concurrency nor a
-- code path can redeem a code more often per user than allowed.
CREATE TABLE gift_redemptions (
    code                text        NOT NULL REFERENCES gift_codes (code),
    user_id             text        NOT NULL REFERENCES accounts (id),
    n                   integer     NOT NULL CHECK (n > 0),
    ledger_entry_id     text        NOT NULL UNIQUE REFERENCES ledger_entries (id),
    created_at          timestamptz NOT NULL,
    PRIMARY KEY (code, user_id, n)
);
