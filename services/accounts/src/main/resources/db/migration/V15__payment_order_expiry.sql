-- accounts: the periodic sweep marks pending orders past their expiry as 'expired' (PaymentService.expireOrders).
-- Pending orders are few; this partial index keeps the sweep's scan to them.
CREATE INDEX payment_orders_pending_expiry_idx ON payment_orders (expires_at) WHERE status = 'pending';
