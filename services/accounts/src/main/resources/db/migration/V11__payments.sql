-- accounts: payment orders. A user creates an order with a provider; only the provider (a signed webhook, or the
-- sandbox completed by ops) can mark it paid. A paid order books one recharge entry.

CREATE TABLE payment_orders (
    id                  text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
    -- Creation order, for stable paging.
    seq                 bigserial   NOT NULL UNIQUE,
    account_id          text        NOT NULL REFERENCES accounts (id),
    provider            text        NOT NULL,
    amount_micros       bigint      NOT NULL CHECK (amount_micros > 0),
    status              text        NOT NULL CHECK (status IN ('pending', 'paid', 'expired', 'refunded',
                                                               'partially-refunded')),
    -- Where the provider wants the user to go to pay (null for providers without a checkout page).
    checkout_url        text,
    -- The provider's id of the payment that paid the order: counts once per provider.
    provider_payment_id text,
    ledger_entry_id     text        UNIQUE REFERENCES ledger_entries (id),
    refunded_micros     bigint      NOT NULL DEFAULT 0 CHECK (refunded_micros >= 0 AND refunded_micros <= amount_micros),
    expires_at          timestamptz NOT NULL,
    paid_at             timestamptz,
    created_at          timestamptz NOT NULL,
    CONSTRAINT payment_orders_provider_payment_key UNIQUE (provider, provider_payment_id),
    CONSTRAINT payment_orders_paid_has_payment CHECK (status = 'pending' OR status = 'expired'
                                                      OR (provider_payment_id IS NOT NULL AND paid_at IS NOT NULL))
);

CREATE INDEX payment_orders_account_idx ON payment_orders (account_id, seq DESC);

-- Refunds issued through a provider: each provider refund id books one refund entry.
CREATE TABLE payment_refunds (
    id                  text        PRIMARY KEY,
    order_id            text        NOT NULL REFERENCES payment_orders (id),
    provider            text        NOT NULL,
    provider_refund_id  text        NOT NULL,
    amount_micros       bigint      NOT NULL CHECK (amount_micros > 0),
    reason              text        NOT NULL,
    ledger_entry_id     text        NOT NULL UNIQUE REFERENCES ledger_entries (id),
    requested_by        text        NOT NULL,
    created_at          timestamptz NOT NULL,
    CONSTRAINT payment_refunds_provider_refund_key UNIQUE (provider, provider_refund_id)
);
