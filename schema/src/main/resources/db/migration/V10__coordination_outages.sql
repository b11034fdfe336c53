-- A restart or a failover of the database stops every heartbeat at once; the sessions it would then expire are not
-- dead, nobody could reach them. As ZooKeeper does when a new leader takes over, the session clocks start again:
-- whoever first reaches a database server that was started, or promoted, since the last look gives every session a
-- full timeout from now. (A network cut between the clients and a running server is not an outage of the service:
-- sessions expire as they do in ZooKeeper when the clients cannot reach the ensemble.)
--
-- The server incarnation is its postmaster start time and its WAL timeline (a promoted standby starts a new one).
-- Only the coordination module writes this table.
create table coord_observation (
    singleton          boolean     primary key default true check (singleton),
    server_started_at  timestamptz not null,
    server_timeline    text        not null
);

insert into coord_observation (server_started_at, server_timeline)
values (pg_postmaster_start_time(), substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8));

-- Called by heartbeats and expiry sweeps before they judge a session. Returns true when this is the first call on a
-- new server incarnation, in which case every session's expiry has been pushed to a full timeout from now. Otherwise
-- one read of one row, no write.
create function coord_observe() returns boolean
    language plpgsql volatile
as $$
declare
    started  timestamptz := pg_postmaster_start_time();
    timeline text        := substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8);
    seen     sluice.coord_observation%rowtype;
begin
    select * into seen from sluice.coord_observation;
    if seen.server_started_at = started and seen.server_timeline = timeline then
        return false;
    end if;
    select * into seen from sluice.coord_observation for update;
    if seen.server_started_at = started and seen.server_timeline = timeline then
        return false;
    end if;
    update sluice.coord_observation set server_started_at = started, server_timeline = timeline;
    update sluice.coord_session
       set expires_at = clock_timestamp() + timeout_ms * interval '1 millisecond'
     where expires_at < clock_timestamp() + timeout_ms * interval '1 millisecond';
    return true;
end
$$;
