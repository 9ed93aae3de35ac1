-- Transactional outbox (io.sealcloud.platform.outbox.Outbox): a row is written in the same transaction as the
-- state change it announces; OutboxRelay publishes rows to Kafka in id order and marks them published.
create table outbox_event (
    -- Publication order. A bigserial is allocated at insert, not at commit: the relay therefore reads every
    -- unpublished row (never "id > last seen"), so a late-committing lower id is still picked up.
    id           bigserial   primary key,
    -- CloudEvents id (ce_id); consumers deduplicate on it.
    event_id     uuid        not null unique,
    type         text        not null,
    topic        text        not null,
    -- Kafka record key: the workspace id, so one tenant's events keep their order on one partition.
    kafka_key    text        not null,
    subject      text        not null,
    dataschema   text        not null,
    payload      jsonb       not null,
    occurred_at  timestamptz not null default clock_timestamp(),
    published_at timestamptz,
    attempts     integer     not null default 0,
    last_error   text
);

-- The relay's poll: unpublished rows in id order. Partial, so it stays as small as the backlog.
create index outbox_event_pending on outbox_event (id) where published_at is null;
-- The purge of published rows older than the retention.
create index outbox_event_published_at on outbox_event (published_at) where published_at is not null;
