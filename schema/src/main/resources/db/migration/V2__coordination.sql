-- Coordination: ZooKeeper's data model on tables (module sluice-coordination, package dev.sluice.coordination).
-- Only that module writes these tables; other modules may read coord_session (see below).

-- One row per live coordination session. PUBLIC CONTRACT for other modules: a row exists exactly while its
-- session is alive. A session ends when its client closes it or when it stops heartbeating for timeout_ms; the
-- row is then deleted in the same transaction as the session's ephemeral nodes. session_id values are never
-- reused, so another table may keep an "owner_session bigint" column and clean up the rows whose owner session
-- no longer appears here.
create table coord_session (
    session_id        bigint generated always as identity primary key,
    -- how long the session survives without a heartbeat
    timeout_ms        integer     not null check (timeout_ms > 0),
    -- who opened it, for operators: "<name> <pid>@<host>"
    owner             text        not null,
    created_at        timestamptz not null default clock_timestamp(),
    last_heartbeat_at timestamptz not null default clock_timestamp(),
    -- last_heartbeat_at + timeout_ms, by the database clock; any participant deletes rows that are past it
    expires_at        timestamptz not null
);

create index coord_session_expires_at on coord_session (expires_at);

-- The tree of nodes, one row per node, addressed by absolute path ('/', '/a', '/a/b').
create table coord_node (
    path            text collate "C" primary key,
    -- '' for the root, '/' for top-level nodes
    parent_path     text collate "C" not null,
    data            bytea       not null,
    -- incremented by every data change; compare-and-set compares it
    version         integer     not null default 0,
    -- incremented by every child creation or deletion
    child_version   integer     not null default 0,
    num_children    integer     not null default 0 check (num_children >= 0),
    -- the suffix the next sequential child gets (per parent, only increases)
    next_sequence   bigint      not null default 0,
    -- the session that owns an ephemeral node; null for persistent nodes. Sessions delete their ephemeral nodes
    -- before their own row, so this reference never dangles.
    ephemeral_owner bigint      references coord_session (session_id),
    created_at      timestamptz not null default clock_timestamp(),
    modified_at     timestamptz not null default clock_timestamp(),
    check ((path = '/') = (parent_path = ''))
);

create index coord_node_children on coord_node (parent_path, path);
create index coord_node_ephemeral_owner on coord_node (ephemeral_owner) where ephemeral_owner is not null;

insert into coord_node (path, parent_path, data) values ('/', '', '\x');
