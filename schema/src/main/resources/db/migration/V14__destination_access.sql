-- Per-destination permissions, decided once instead of per row. V13's policies called plpgsql functions that
-- matched every grant's pattern for each row a statement touched: about 100 microseconds a row, so that a client
-- role's browse of 20,000 messages took 2 s (the owner's, which bypasses the policies, 5 ms). The decision is now
-- made when a destination is created, a grant changes or the default changes, and kept in destination_access; a
-- policy asks the view current_role_access, which PostgreSQL answers with an index probe per row or one hash per
-- statement (the planner picks), and role membership (pg_has_role, cached by PostgreSQL). The rules are V13's.

-- Who may do what on each destination: one row per destination, permission and role (0: every role).
create table destination_access (
    destination_id integer not null references destination on delete cascade,
    permission     text    not null,
    role_id        oid     not null,
    primary key (destination_id, permission, role_id)
);

-- STABLE, DOCUMENTED VIEW: the permissions the current role has (itself or through a group role it is a member
-- of), per destination id. A role dropped since a grant counts for nobody (pg_has_role is false for its oid).
create view current_role_access with (security_barrier) as
select destination_id, permission from destination_access where role_id = 0 or pg_has_role(role_id, 'MEMBER');

-- A change of the grants or the default and the creation of a destination exclude each other until commit (a
-- transaction-level advisory lock, shared by creations, which need not wait for each other); each statement after
-- it sees what the other committed. So a grant committed while a destination it covers is being created is applied
-- by one of the two. Taken before the destinations to resolve are chosen.
create function lock_access(creating boolean) returns void
    language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as
$$
begin
    -- 'SLUC', the access of destinations
    if creating then
        perform pg_advisory_xact_lock_shared(1399418181, 1);
    else
        perform pg_advisory_xact_lock(1399418181, 1);
    end if;
end
$$;

-- Recomputes the access of some destinations from the grants, the default and (temporary destinations) their
-- creator, under lock_access.
create function resolve_access(dest_ids integer[]) returns void
    language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as
$$
begin
    delete from sluice.destination_access where destination_id = any (dest_ids);
    insert into sluice.destination_access (destination_id, permission, role_id)
    with d as (
        select destination_id, kind, name, owner_session is not null as is_temporary, created_by
          from sluice.destination where destination_id = any (dest_ids)
    ), covering as (
        select d.destination_id, g.permission, g.role
          from d join sluice.destination_grant g on g.kind = d.kind and sluice.pattern_covers(g.pattern, d.name)
         where not d.is_temporary
    ), every_permission(permission) as (
        select unnest(array['send', 'consume', 'browse', 'create', 'delete', 'manage'])
    )
    -- governed: the roles granted
    select c.destination_id, c.permission, r.oid from covering c join pg_roles r on r.rolname = c.role
    union
    -- no grant covers it and the default is open: every role
    select d.destination_id, e.permission, 0 from d cross join every_permission e
     where not d.is_temporary and not exists (select 1 from covering c where c.destination_id = d.destination_id)
       and (select s.default_access = 'open' from sluice.security_setting s)
    union
    -- temporary: its creator, and every role may send to it
    select d.destination_id, e.permission, r.oid
      from d join pg_roles r on r.rolname = d.created_by cross join every_permission e where d.is_temporary
    union
    select d.destination_id, 'send', 0 from d where d.is_temporary;
end
$$;

create function destination_resolves_access() returns trigger
    language plpgsql security definer set search_path = pg_catalog, pg_temp as
$$
begin
    perform sluice.lock_access(true);
    perform sluice.resolve_access(array[new.destination_id]);
    return null;
end
$$;

create trigger destination_access_on_create after insert on destination
    for each row execute function destination_resolves_access();

-- A grant that comes or goes changes the destinations its pattern covers.
create function grant_resolves_access() returns trigger
    language plpgsql security definer set search_path = pg_catalog, pg_temp as
$$
declare
    affected integer[];
begin
    perform sluice.lock_access(false);
    select array_agg(d.destination_id) into affected from sluice.destination d
     where (tg_op <> 'DELETE' and d.kind = new.kind and sluice.pattern_covers(new.pattern, d.name))
        or (tg_op <> 'INSERT' and d.kind = old.kind and sluice.pattern_covers(old.pattern, d.name));
    if affected is not null then
        perform sluice.resolve_access(affected);
    end if;
    return null;
end
$$;

create trigger grant_access after insert or update or delete on destination_grant
    for each row execute function grant_resolves_access();

create function setting_resolves_access() returns trigger
    language plpgsql security definer set search_path = pg_catalog, pg_temp as
$$
begin
    perform sluice.lock_access(false);
    perform sluice.resolve_access(array(select destination_id from sluice.destination));
    return null;
end
$$;

create trigger setting_access after update on security_setting
    for each row execute function setting_resolves_access();

-- only the triggers (as the owner) take the lock: a client holding it would stop destinations from being created
revoke execute on function lock_access(boolean), resolve_access(integer[]) from public;

select lock_access(false);
select resolve_access(array(select destination_id from destination));

-- What the current role (or `who`) may do on a queue or topic: from destination_access when it exists, from the
-- grants and the default when it does not yet (auto-creation), so that the provider's answer is what the policies
-- enforce.
create or replace function permissions(dest_kind text, dest_name text, who name default current_user) returns text[]
    language plpgsql stable security definer set search_path = pg_catalog, pg_temp as
$$
declare
    dest_id    integer;
    everything boolean;
    granted    text[] := '{}';
    p          text;
begin
    everything := sluice.sees_everything(who);
    select destination_id into dest_id from sluice.destination where kind = dest_kind and name = dest_name;
    foreach p in array array['send', 'consume', 'browse', 'create', 'delete', 'manage'] loop
        if everything then
            granted := granted || p;
        elsif dest_id is null then
            if sluice.grants_allow(dest_kind, dest_name, array[p], who) then
                granted := granted || p;
            end if;
        elsif exists (select 1 from sluice.destination_access a where a.destination_id = dest_id
                         and a.permission = p and (a.role_id = 0 or pg_has_role(who, a.role_id, 'MEMBER'))) then
            granted := granted || p;
        end if;
    end loop;
    return granted;
end
$$;

-- The policies, now on current_role_access. destination_create (V13) stays: a row being inserted has no access
-- yet. For the same reason the destination's visibility falls back to V13's decision, which an INSERT ... RETURNING
-- needs for its new row (and which rows the role may not see pay for).
drop policy destination_visible on destination;
drop policy destination_manage on destination;
drop policy destination_delete on destination;
drop policy log_partition_visible on log_partition;
drop policy log_partition_create on log_partition;
drop policy log_partition_append on log_partition;
drop policy log_partition_delete on log_partition;
drop policy message_read on message;
drop policy message_send on message;
drop policy message_delete on message;
drop policy subscription_visible on subscription;
drop policy subscription_create on subscription;
drop policy subscription_update on subscription;
drop policy subscription_delete on subscription;
drop policy cursor_read on subscription_cursor;
drop policy cursor_create on subscription_cursor;
drop policy cursor_move on subscription_cursor;
drop policy cursor_delete on subscription_cursor;
drop policy delivery_read on delivery;
drop policy delivery_claim on delivery;
drop policy delivery_update on delivery;
drop policy delivery_delete on delivery;
drop function may_use(integer, text[], name);

create policy destination_select on destination for select
    using ((select sluice.sees_everything())
           or exists (select 1 from sluice.current_role_access a where a.destination_id = destination.destination_id)
           or sluice.destination_allows(kind, name, owner_session is not null, created_by,
                                        '{send,consume,browse,create,delete,manage}'));

-- Which permission each command on each table takes (see V13's header and README "Security").
do $$
declare
    p record;
begin
    for p in select * from (values
            ('destination',         'update', '{manage}'),
            ('destination',         'delete', '{delete}'),
            ('log_partition',       'select', '{send,consume,browse,create,delete,manage}'),
            ('log_partition',       'insert', '{create}'),
            ('log_partition',       'update', '{send}'),               -- an append moves next_offset
            ('log_partition',       'delete', '{delete}'),
            ('message',             'select', '{consume,browse}'),
            ('message',             'insert', '{send}'),
            ('message',             'delete', '{delete}'),
            ('subscription',        'select', '{send,consume,browse,create,delete,manage}'),
            ('subscription',        'insert', '{consume,create}'),     -- a queue's one subscription comes with it
            ('subscription',        'update', '{consume}'),
            ('subscription',        'delete', '{consume,delete}'),
            ('subscription_cursor', 'select', '{consume,browse}'),
            ('subscription_cursor', 'insert', '{consume,create}'),
            ('subscription_cursor', 'update', '{consume}'),
            ('subscription_cursor', 'delete', '{consume,delete}'),
            ('delivery',            'select', '{consume,browse}'),
            ('delivery',            'insert', '{consume}'),
            ('delivery',            'update', '{consume}'),
            ('delivery',            'delete', '{consume,delete}'))
            as t(table_name, command, permissions) loop
        execute format('create policy %I on sluice.%I for %s %s ((select sluice.sees_everything()) or exists ('
                       'select 1 from sluice.current_role_access a where a.destination_id = %I.destination_id'
                       ' and a.permission = any (%L::text[])))',
                       p.table_name || '_' || p.command, p.table_name, p.command,
                       case when p.command = 'insert' then 'with check' else 'using' end, p.table_name,
                       p.permissions);
    end loop;
end
$$;

-- The views as in V13, filtered through current_role_access.
create or replace view messages with (security_barrier) as
select d.name                                     as destination,
       d.kind                                     as kind,
       d.owner_session is not null                as temporary,
       m.partition                                as partition,
       m.log_offset                               as log_offset,
       m.message_id                               as message_id,
       m.correlation_id                           as correlation_id,
       m.jms_type                                 as jms_type,
       m.reply_to                                 as reply_to,
       m.priority                                 as priority,
       m.persistent                               as persistent,
       epoch_ms_to_timestamp(m.sent_at)           as sent_at,
       epoch_ms_to_timestamp(m.expires_at)        as expires_at,
       epoch_ms_to_timestamp(m.deliver_at)        as deliver_at,
       m.group_id                                 as group_id,
       m.producer_id                              as producer_id,
       m.properties                               as properties,
       case m.body_type when 0 then 'plain' when 1 then 'text' when 2 then 'bytes' when 3 then 'map'
                        when 4 then 'stream' when 5 then 'object' else 'unknown' end as body_type,
       coalesce(octet_length(m.body), 0)          as body_size,
       case when m.body_type = 1 then convert_from(m.body, 'UTF8') end as body_text,
       (select jsonb_object_agg(case when s.name = '' then '(queue)' else s.name end,
                   case when dl.log_offset is null then
                            case when m.log_offset < c.fetch_offset then 'done' else 'pending' end
                        when dl.consumer_id is not null then 'in-flight'
                        when dl.delivery_count > 0 then 'redelivery-pending'
                        when dl.lease_until > now_ms() then 'scheduled'
                        else 'pending' end)
          from subscription_cursor c
          join subscription s on s.subscription_id = c.subscription_id
          left join delivery dl on dl.destination_id = c.destination_id and dl.partition = c.partition
                and dl.subscription_id = c.subscription_id and dl.log_offset = m.log_offset
         where c.destination_id = m.destination_id and c.partition = m.partition
           and m.log_offset >= c.initial_offset) as delivery_state,
       (select max(dl.delivery_count) from delivery dl
         where dl.destination_id = m.destination_id and dl.partition = m.partition
           and dl.log_offset = m.log_offset)      as delivery_count
from message m
join destination d on d.destination_id = m.destination_id
-- sees_everything: once per query
where (select sluice.sees_everything())
   or exists (select 1 from current_role_access a where a.destination_id = m.destination_id and a.permission = 'browse');

create or replace view subscription_lag with (security_barrier) as
select d.name                                                   as destination,
       d.kind                                                   as kind,
       case when s.name = '' then '(queue)' else s.name end     as subscription,
       s.durable                                                as durable,
       s.shared                                                 as shared,
       s.owner_session is not null                              as non_durable,
       s.client_id                                              as client_id,
       s.selector                                               as selector,
       cur.partitions                                           as partitions,
       cur.unread + dl.records                                  as lag,
       dl.in_flight                                             as in_flight,
       cur.fetched - dl.records                                 as consumed,
       epoch_ms_to_timestamp(cur.oldest_ms)                     as oldest_unconsumed_at,
       case when cur.oldest_ms is not null
            then make_interval(secs => greatest(now_ms() - cur.oldest_ms, 0) / 1000.0::double precision) end as oldest_unconsumed_age,
       s.destination_id                                         as destination_id,
       s.subscription_id                                        as subscription_id
from subscription s
join destination d on d.destination_id = s.destination_id
cross join lateral (
    select count(*)                                                            as partitions,
           coalesce(sum(greatest(p.next_offset - greatest(c.fetch_offset, p.start_offset), 0)), 0)::bigint as unread,
           coalesce(sum(c.fetch_offset - c.initial_offset), 0)::bigint        as fetched,
           min(least(unread_head.sent_at, in_flight_head.sent_at))            as oldest_ms
      from subscription_cursor c
      join log_partition p on p.destination_id = c.destination_id and p.partition = c.partition
      left join lateral (
            select m.sent_at from message m
             where m.destination_id = c.destination_id and m.partition = c.partition
               and m.log_offset >= greatest(c.fetch_offset, p.start_offset)
             order by m.log_offset limit 1) unread_head on true
      left join lateral (
            select m.sent_at from delivery x
              join message m on m.destination_id = x.destination_id and m.partition = x.partition
                   and m.log_offset = x.log_offset
             where x.destination_id = c.destination_id and x.partition = c.partition
               and x.subscription_id = c.subscription_id
             order by x.log_offset limit 1) in_flight_head on true
     where c.destination_id = s.destination_id and c.subscription_id = s.subscription_id) cur
cross join lateral (
    select count(*)                                          as records,
           count(*) filter (where x.consumer_id is not null) as in_flight
      from delivery x
     where x.destination_id = s.destination_id and x.subscription_id = s.subscription_id) dl
where (select sluice.sees_everything())
   or exists (select 1 from current_role_access a where a.destination_id = s.destination_id);

-- V13's privileges and the new view's.
create or replace function grant_group_roles() returns void language plpgsql as
$$
declare
    group_role text;
begin
    foreach group_role in array array['sluice_client', 'sluice_admin'] loop
        if not exists (select 1 from pg_roles where rolname = group_role) then
            begin
                execute format('create role %I nologin', group_role);
            exception
                when insufficient_privilege then
                    raise warning 'Role % may not create the group role %: a superuser runs CREATE ROLE % NOLOGIN,'
                        ' then % runs select sluice.grant_group_roles()', current_user, group_role, group_role,
                        current_user;
                    continue;
                when duplicate_object or unique_violation then
                    null; -- made meanwhile by the migration of another database of the cluster
            end;
        end if;
        -- what a client needs: the provider's engine, its coordination, the views
        execute format('grant usage on schema sluice to %I', group_role);
        execute format('grant select, insert, update, delete on sluice.destination, sluice.log_partition,'
            ' sluice.message, sluice.subscription, sluice.subscription_cursor, sluice.delivery,'
            ' sluice.destination_listener, sluice.coord_session, sluice.coord_node, sluice.coord_observation'
            ' to %I', group_role);
        -- creating a partition inserts its statistics row (trigger); the maintenance leader keeps the figures
        execute format('grant select, insert on sluice.partition_statistics to %I', group_role);
        execute format('grant select on sluice.messages, sluice.subscription_lag, sluice.current_role_access,'
            ' sluice.flyway_schema_history to %I', group_role);
        execute format('grant usage on all sequences in schema sluice to %I', group_role);
        if group_role = 'sluice_admin' then
            -- the server's maintenance duties and the CLI's administration
            execute format('grant update, delete on sluice.partition_statistics to %I', group_role);
            execute format('grant select, insert, update, delete on sluice.destination_grant,'
                ' sluice.security_setting to %I', group_role);
        end if;
    end loop;
end
$$;

select grant_group_roles();
