-- The partitioned message log and its readers. Every table that holds per-partition data leads its key with
-- (destination_id, partition) so the log can be distributed by that key (e.g. Citus).

-- Milliseconds since the epoch by the database's clock: leases are compared with it so that every JVM agrees.
create function now_ms() returns bigint language sql volatile as
$$ select (extract(epoch from clock_timestamp()) * 1000)::bigint $$;

create table destination (
    destination_id  integer generated always as identity primary key,
    name            text        not null,
    kind            text        not null check (kind in ('queue', 'topic')),
    partition_count integer     not null check (partition_count between 1 and 1024),
    -- retention: null means unlimited
    retention_ms    bigint      check (retention_ms > 0),
    retention_bytes bigint      check (retention_bytes > 0),
    -- the coordination session that owns a temporary destination; null for ordinary ones
    owner_session   bigint,
    created_at      timestamptz not null default now(),
    unique (kind, name)
);

create table log_partition (
    destination_id integer not null references destination on delete cascade,
    partition      integer not null check (partition >= 0),
    -- the offset the next appended message gets; appends lock this row, so offsets commit in order
    next_offset    bigint  not null default 0,
    -- the earliest offset retention has kept
    start_offset   bigint  not null default 0,
    primary key (destination_id, partition)
);

create table message (
    destination_id integer  not null,
    partition      integer  not null,
    log_offset     bigint   not null,
    message_id     text,
    correlation_id text,
    jms_type       text,
    reply_to       text,
    priority       smallint not null default 4 check (priority between 0 and 9),
    persistent     boolean  not null default true,
    -- JMS times in epoch milliseconds: JMSTimestamp, JMSExpiration (0 = never), JMSDeliveryTime
    sent_at        bigint   not null,
    expires_at     bigint   not null default 0,
    deliver_at     bigint   not null default 0,
    group_id       text,
    -- who sent it (the connection), for noLocal subscribers
    producer_id    text,
    properties     jsonb,
    -- how the provider encodes JMS property types that JSON cannot carry (opaque to SQL users)
    property_types text,
    body_type      smallint not null,
    body           bytea,
    primary key (destination_id, partition, log_offset)
);

create table subscription (
    subscription_id bigint generated always as identity primary key,
    destination_id  integer not null references destination on delete cascade,
    -- a queue's only subscription is named ''; topic subscriptions are named by the provider
    name            text    not null,
    durable         boolean not null,
    shared          boolean not null,
    client_id       text,
    selector        text,
    no_local        boolean not null default false,
    -- the coordination session that owns a non-durable subscription; null for durable ones
    owner_session   bigint,
    created_at      timestamptz not null default now(),
    unique (destination_id, name)
);

-- Per subscription and partition: every offset below fetch_offset has been acknowledged or is in delivery.
create table subscription_cursor (
    destination_id  integer not null,
    partition       integer not null,
    subscription_id bigint  not null references subscription on delete cascade,
    fetch_offset    bigint  not null,
    primary key (destination_id, partition, subscription_id)
);

-- Records of a subscription that are in flight. A record is held by consumer_id while lease_until (now_ms()) is in
-- the future; a record with no consumer is available from lease_until on (null: at once), which covers released
-- records waiting for redelivery, records a selector left for other consumers, and delayed messages.
-- delivery_count is how often it was handed to a consumer. Acknowledged records are deleted.
create table delivery (
    destination_id  integer not null,
    partition       integer not null,
    subscription_id bigint  not null references subscription on delete cascade,
    log_offset      bigint  not null,
    delivery_count  integer not null default 0,
    consumer_id     text,
    lease_until     bigint,
    primary key (destination_id, partition, subscription_id, log_offset)
);
