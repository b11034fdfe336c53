-- Messages sent inside a transaction Sluice does not commit itself: the application's own JDBC transaction (a
-- joined send) or an XA branch. Such a transaction may stay open for as long as the application likes, so it must
-- not take a partition's append lock (log_partition.next_offset); it inserts here instead, and after it commits,
-- publish_pending moves its rows into the log in one short transaction that takes the lock, assigns offsets and
-- deletes them here. Offsets are therefore still assigned in commit order of the log's appends, gap-free.
create table pending_message (
    pending_id     bigint   generated always as identity primary key,
    destination_id integer  not null references destination on delete cascade,
    partition      integer  not null,
    message_id     text,
    correlation_id text,
    jms_type       text,
    reply_to       text,
    priority       smallint not null,
    persistent     boolean  not null,
    sent_at        bigint   not null,
    expires_at     bigint   not null,
    deliver_at     bigint   not null,
    group_id       text,
    producer_id    text,
    properties     jsonb,
    property_types text,
    body_type      smallint not null,
    body           bytea
);

create index pending_message_partition on pending_message (destination_id, partition, pending_id);

alter table pending_message enable row level security;
-- Writing here is sending: the same permission as an append to the log.
create policy pending_message_insert on pending_message for insert with check ((select sluice.sees_everything())
    or exists (select 1 from sluice.current_role_access a
               where a.destination_id = pending_message.destination_id and a.permission = 'send'));

-- Moves up to p_limit committed pending messages of one partition into the log, in the order they were written,
-- and returns how many. Any client may run it for any partition (security definer): it only publishes what a
-- sender with the right to send has committed. Called in a transaction of its own; the partition row stays locked
-- until that commits, as for any append.
create function publish_pending(p_destination integer, p_partition integer, p_limit integer) returns integer
    language plpgsql security definer set search_path = sluice, pg_temp as
$$
declare
    first_offset bigint;
    moved        integer;
begin
    select next_offset into first_offset from log_partition
     where destination_id = p_destination and partition = p_partition
       for update;
    if not found then
        return 0;
    end if;
    with taken as (
        delete from pending_message
         where pending_id in (select pending_id from pending_message
                               where destination_id = p_destination and partition = p_partition
                               order by pending_id limit p_limit)
        returning *
    ), numbered as (
        select t.*, row_number() over (order by t.pending_id) - 1 as seq from taken t
    ), appended as (
        insert into message (destination_id, partition, log_offset, message_id, correlation_id, jms_type,
                             reply_to, priority, persistent, sent_at, expires_at, deliver_at, group_id,
                             producer_id, properties, property_types, body_type, body)
        select destination_id, partition, first_offset + seq, message_id, correlation_id, jms_type, reply_to,
               priority, persistent, sent_at, expires_at, deliver_at, group_id, producer_id, properties,
               property_types, body_type, body
          from numbered
        returning 1
    )
    select count(*) into moved from appended;
    if moved > 0 then
        update log_partition set next_offset = next_offset + moved
         where destination_id = p_destination and partition = p_partition;
    end if;
    return moved;
end
$$;

-- The partitions that have committed pending messages (what a publisher sweeps).
create function pending_partitions() returns table (destination_id integer, partition integer)
    language sql stable security definer set search_path = sluice, pg_temp as
$$ select distinct destination_id, partition from pending_message order by 1, 2 $$;

-- Group roles made later (select sluice.grant_group_roles()) get the new grant too.
alter function grant_group_roles() rename to grant_group_roles_before_pending;

create function grant_group_roles() returns void language plpgsql as
$$
declare
    group_role text;
begin
    perform sluice.grant_group_roles_before_pending();
    foreach group_role in array array['sluice_client', 'sluice_admin'] loop
        if exists (select 1 from pg_roles where rolname = group_role) then
            execute format('grant insert on sluice.pending_message to %I', group_role);
        end if;
    end loop;
end
$$;

select grant_group_roles();
