-- Claims commit without waiting for the WAL flush (see ClaimStatement): a PostgreSQL crash or failover may lose the
-- last ones, and the records they handed out would then be claimed again as if for the first time. So that such a
-- second delivery is flagged (JMSRedelivered, as JMS requires for a message that may have been delivered before),
-- each cursor keeps a durable upper bound of the offsets ever claimed through it: a claim that moves the cursor past
-- suspect_until raises it by a margin and commits durably (one flush per margin's worth of records). claimed_on is
-- the server incarnation of the last claim; a claim that finds another one knows a crash may have happened since, and
-- flags the records below suspect_until as redelivered.
alter table subscription_cursor
    add column suspect_until bigint not null default 0,
    add column claimed_on    text   not null default '';

-- The server incarnation: its postmaster start and its WAL timeline (a restart or a promoted standby changes it).
create function server_incarnation() returns text language sql volatile as
$$ select pg_postmaster_start_time()::text || ' ' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8) $$;
