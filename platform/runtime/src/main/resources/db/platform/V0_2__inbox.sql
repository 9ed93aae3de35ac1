-- Idempotent inbox (io.sealcloud.platform.inbox.Inbox): a consumer records each CloudEvents id it applied in the
-- same transaction as the effect; a second delivery of the same id finds the row and changes nothing.
create table inbox_message (
    -- The logical consumer (one per effect), so two consumers in one service may each apply the same event once.
    consumer    text        not null,
    -- CloudEvents id (ce_id). Text, not uuid: the inbox must not reject another producer's id format.
    event_id    text        not null,
    received_at timestamptz not null default clock_timestamp(),
    primary key (consumer, event_id)
);

-- The purge of entries older than the retention.
create index inbox_message_received_at on inbox_message (received_at);
