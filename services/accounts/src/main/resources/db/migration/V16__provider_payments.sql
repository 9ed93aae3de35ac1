-- accounts: every verified provider payment, recorded once per (provider, provider payment id), whatever became of it.
-- A captured payment is never dropped: it is booked (on time, or late for an order that expired meanwhile: the payer
-- is still credited) or held for ops to refund (another amount than the order's, an order nobody knows, an order
-- another payment paid already). Held payments are the ops refund queue (GET /ops/payments/held).

CREATE TABLE provider_payments (
    id                  text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
    provider            text        NOT NULL,
    provider_payment_id text        NOT NULL,
    -- The order the provider named; not a foreign key: a held payment may name an order that does not exist.
    order_id            text        NOT NULL,
    -- Who paid, when the order is known (null for an unknown order).
    account_id          text        REFERENCES accounts (id),
    amount_micros       bigint      NOT NULL CHECK (amount_micros > 0),
    -- booked: credited to the payer; held: waiting for ops to refund; refunded: ops returned it to the payer.
    status              text        NOT NULL CHECK (status IN ('booked', 'held', 'refunded')),
    -- Why it was not booked plainly: order-expired (booked late), amount-mismatch, unknown-order, order-already-paid.
    reason              text        CHECK (reason IN ('order-expired', 'amount-mismatch', 'unknown-order',
                                                      'order-already-paid')),
    ledger_entry_id     text        UNIQUE REFERENCES ledger_entries (id),
    -- The refund made outside sealcloud (the provider's refund id) and who recorded it.
    refund_reference    text,
    refund_reason       text,
    resolved_by         text,
    resolved_at         timestamptz,
    received_at         timestamptz NOT NULL,
    CONSTRAINT provider_payments_provider_payment_key UNIQUE (provider, provider_payment_id),
    CONSTRAINT provider_payments_booked_has_entry CHECK ((status = 'booked') = (ledger_entry_id IS NOT NULL)),
    CONSTRAINT provider_payments_held_has_reason CHECK (status = 'booked' OR reason IS NOT NULL),
    CONSTRAINT provider_payments_refund_recorded CHECK ((status = 'refunded') = (resolved_at IS NOT NULL
                                                        AND refund_reference IS NOT NULL AND resolved_by IS NOT NULL))
);

-- The ops refund queue, oldest first.
CREATE INDEX provider_payments_held_idx ON provider_payments (received_at, id) WHERE status = 'held';

-- Payments booked before this table existed.
INSERT INTO provider_payments (id, provider, provider_payment_id, order_id, account_id, amount_micros, status,
                               ledger_entry_id, received_at)
SELECT 'pp_' || id, provider, provider_payment_id, id, account_id, amount_micros, 'booked', ledger_entry_id,
       coalesce(paid_at, created_at)
  FROM payment_orders
 WHERE provider_payment_id IS NOT NULL AND ledger_entry_id IS NOT NULL
ON CONFLICT DO NOTHING;
