-- accounts: the ledger. One account per user (id = user id) paying for the workspaces the user owns; append-only
-- entries in integer micro-units (1 unit = 1,000,000 µ); the balance is materialized on the account row in the same
-- transaction as each entry, under the account's row lock (SELECT … FOR UPDATE).

CREATE TABLE accounts (
    id                  text        PRIMARY KEY REFERENCES users (id),
    balance_micros      bigint      NOT NULL DEFAULT 0,
    -- What part of the balance is expiring credit (gifts, promotions): spent before the rest, lost when it expires.
    -- Never more than a positive balance: credit cannot stand beside a debt.
    credit_micros       bigint      NOT NULL DEFAULT 0 CHECK (credit_micros >= 0),
    -- Number of entries so far: the next entry's per-account sequence number.
    entry_count         bigint      NOT NULL DEFAULT 0,
    debt_state          text        NOT NULL DEFAULT 'normal'
                        CHECK (debt_state IN ('normal', 'low-balance', 'critical-balance', 'debt', 'debt-deletion',
                                              'final-deletion')),
    -- When the account entered debt_state: the grace periods of the ladder count from here.
    debt_state_since    timestamptz NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    CONSTRAINT accounts_credit_within_balance CHECK (credit_micros <= greatest(balance_micros, 0))
);

-- The periodic debt job reads accounts by state and age.
CREATE INDEX accounts_debt_state_idx ON accounts (debt_state, debt_state_since) WHERE debt_state <> 'normal';

CREATE TABLE ledger_entries (
    id                  text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
    account_id          text        NOT NULL REFERENCES accounts (id),
    seq                 bigint      NOT NULL CHECK (seq > 0),
    type                text        NOT NULL CHECK (type IN ('recharge', 'gift', 'adjustment', 'refund', 'charge')),
    -- Signed: credits positive, debits negative. A charge correction from metering (negative charge) is positive.
    amount_micros       bigint      NOT NULL CHECK (amount_micros <> 0),
    balance_after_micros bigint     NOT NULL,
    -- How much of a debit was paid from expiring credit (0 for credits).
    credit_used_micros  bigint      NOT NULL DEFAULT 0 CHECK (credit_used_micros >= 0),
    -- Uniqueness, enforced here and not by code paths: a metering charge counts once, a provider payment counts
    -- once, and every other source has its own natural key (signup credit per user, one gift redemption, one
    -- refund, one credit expiry, the ops request that made an adjustment).
    charge_id           text        UNIQUE,
    payment_id          text        UNIQUE,
    source_key          text        NOT NULL UNIQUE,
    workspace_id        text,
    description         text        NOT NULL,
    -- Who booked it: 'system', 'metering', a payment provider, or the ops user's id (adjustments).
    actor               text        NOT NULL,
    created_at          timestamptz NOT NULL,
    CONSTRAINT ledger_entries_account_seq_key UNIQUE (account_id, seq),
    CONSTRAINT ledger_entries_charge_has_id CHECK ((type = 'charge') = (charge_id IS NOT NULL)),
    CONSTRAINT ledger_entries_recharge_has_payment CHECK (type <> 'recharge' OR payment_id IS NOT NULL)
);

CREATE INDEX ledger_entries_account_time_idx ON ledger_entries (account_id, created_at, seq);

-- Append-only: the ledger is history. Corrections are new entries (adjustment, refund), never edits.
CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger_entries is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER ledger_entries_no_update_or_delete
    BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();

CREATE TRIGGER ledger_entries_no_truncate
    BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_append_only();

-- Expiring credit granted by a gift entry: consumed before the rest of the balance (earliest expiry first), and what
-- is left at expires_at is taken back by a negative gift entry.
CREATE TABLE credit_grants (
    entry_id            text        PRIMARY KEY REFERENCES ledger_entries (id),
    account_id          text        NOT NULL REFERENCES accounts (id),
    amount_micros       bigint      NOT NULL CHECK (amount_micros > 0),
    remaining_micros    bigint      NOT NULL CHECK (remaining_micros >= 0 AND remaining_micros <= amount_micros),
    expires_at          timestamptz NOT NULL,
    -- The negative gift entry that took back what was left, once expired.
    expired_entry_id    text        UNIQUE REFERENCES ledger_entries (id),
    created_at          timestamptz NOT NULL
);

CREATE INDEX credit_grants_active_idx ON credit_grants (account_id, expires_at) WHERE remaining_micros > 0;
CREATE INDEX credit_grants_expiry_idx ON credit_grants (expires_at) WHERE remaining_micros > 0;

-- Users who signed up before the ledger existed get an empty account (no sign-up credit: that is for new users).
INSERT INTO accounts (id, debt_state, debt_state_since, created_at, updated_at)
SELECT id, 'normal', now(), now(), now() FROM users
ON CONFLICT DO NOTHING;
