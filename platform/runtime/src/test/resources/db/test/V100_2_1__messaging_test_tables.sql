-- Test-only tables of the messaging tests (io.sealcloud.platform.outbox / inbox). Version 100.2.x: Flyway versions
-- must be numeric, so "V100_messaging_1" would be skipped as misnamed; 100.2 is the messaging block of 100.x.

-- The "state change" an outbox append rides along with.
create table messaging_test_workspace (
    id   text primary key,
    name text not null
);

-- The effect an inbox consumer applies: how many times each subject was applied.
create table messaging_test_effect (
    subject text    primary key,
    applied integer not null
);
