-- Least privilege and per-destination permissions (issue 13).
--
-- Migrations run as the schema's owner (whoever runs Flyway). Applications log in as their own roles, members of
-- the group role sluice_client; operators' roles are members of sluice_admin. Both group roles are made here when
-- the owner may create roles; see grant_group_roles() below for when it may not.
--
-- Permissions (send, consume, browse, create, delete, manage) are granted to PostgreSQL roles on a queue or topic
-- name or name pattern ('orders.*') in destination_grant. A destination that some grant's pattern covers is
-- governed by the grants: a role may do there only what it (or a role it is a member of) was granted. A
-- destination no grant covers follows security_setting.default_access: 'open' (anyone who may use the schema may
-- do anything; the default, so that the quick start and existing installations work unchanged) or 'closed'
-- (nobody may). A temporary destination belongs to the role that created it; other roles may only send to it (a
-- reply). The schema's owner, superusers, roles with BYPASSRLS and members of sluice_admin may do everything.
--
-- Why row-level security rather than access only through security-definer functions: the engine's statements
-- (the one-statement claim, the batched append, the acknowledgements) and every SQL reader (psql, a BI tool,
-- `sluice sql`) keep working on the tables as they are, and are filtered by the same rules; functions in front of
-- the tables would have to re-implement each of those statements and would still leave the tables to protect.
-- The policies call sluice.may_use / sluice.destination_allows, which are SECURITY DEFINER so that they can read
-- the grants and the destination rows that the caller may not see (and without recursing into the policies of
-- the destination table). The owner bypasses row-level security (it is enabled, not forced), so the owner's
-- server, its maintenance and the benchmark pay nothing.
--
-- A later migration that adds a table or view adds its privileges to grant_group_roles() (create or replace) and
-- calls it, so that every privilege of the group roles is granted in one place.

-- Who created a destination: a temporary one belongs to this role.
alter table destination add column created_by name not null default current_user;

-- STABLE, DOCUMENTED TABLE: who may do what on which destinations (written by `sluice grant` / `sluice revoke`).
--   role: a PostgreSQL role (a login role or a group role such as sluice_client; its members have the grant too)
--   kind: 'queue' or 'topic'
--   pattern: a destination name ('orders'), or a prefix and '*' ('orders.*' covers 'orders.eu' and 'orders.eu.v2'
--     but not 'orders'; '*' covers every name)
--   permission: send, consume (receive and acknowledge; durable subscriptions and unsubscribing), browse (queue
--     browsers, the view sluice.messages), create (including auto-creation on first use), delete, manage (change
--     the destination's settings)
create table destination_grant (
    role       name        not null,
    kind       text        not null check (kind in ('queue', 'topic')),
    pattern    text        not null check (pattern ~ '^[^*]+[*]?$' or pattern = '*'),
    permission text        not null check (permission in ('send', 'consume', 'browse', 'create', 'delete', 'manage')),
    granted_by name        not null default current_user,
    granted_at timestamptz not null default now(),
    primary key (kind, pattern, permission, role)
);

-- STABLE, DOCUMENTED TABLE: one row. default_access applies to destinations that no grant covers.
create table security_setting (
    singleton      boolean primary key default true check (singleton),
    default_access text    not null check (default_access in ('open', 'closed'))
);

insert into security_setting (default_access) values ('open');

-- Whether a grant's pattern covers a destination name.
create function pattern_covers(pattern text, name text) returns boolean language sql immutable as
$$ select case when right(pattern, 1) = '*' then starts_with(name, left(pattern, -1)) else name = pattern end $$;

-- Refuses questions about a role the asking session cannot act as (so that nobody learns another application's
-- permissions). The policies ask about current_user, which a session can always act as.
create function check_asker(who name) returns void
    language plpgsql stable security definer set search_path = pg_catalog, pg_temp as
$$
begin
    if who is distinct from session_user and not pg_has_role(session_user, who, 'MEMBER') then
        raise exception 'Role % may not ask about the permissions of role %', session_user, who
            using errcode = '42501';
    end if;
end
$$;

-- Whether `who` may do everything: the schema's owner (the owner of this function), a superuser, a role with
-- BYPASSRLS, a member of sluice_admin.
create function sees_everything(who name default current_user) returns boolean
    language plpgsql stable security definer set search_path = pg_catalog, pg_temp as
$$
begin
    perform sluice.check_asker(who);
    if pg_has_role(who, current_user, 'MEMBER') then
        return true;
    end if;
    if exists (select 1 from pg_roles r where r.rolname = who and (r.rolsuper or r.rolbypassrls)) then
        return true;
    end if;
    if exists (select 1 from pg_roles r where r.rolname = 'sluice_admin') then
        return pg_has_role(who, 'sluice_admin', 'MEMBER');
    end if;
    return false;
end
$$;

-- Whether the grants (or, for a destination no grant covers, the default) let `who` do one of `wanted` on an
-- ordinary destination of this kind and name. A grant to a role that was dropped since counts for nobody.
create function grants_allow(dest_kind text, dest_name text, wanted text[], who name) returns boolean
    language plpgsql stable security definer set search_path = pg_catalog, pg_temp as
$$
declare
    governed boolean := false;
    g        record;
begin
    for g in select role, permission from sluice.destination_grant
              where kind = dest_kind and sluice.pattern_covers(pattern, dest_name) loop
        governed := true;
        if g.permission = any (wanted) then
            if exists (select 1 from pg_roles r where r.rolname = g.role) then
                if pg_has_role(who, g.role, 'MEMBER') then
                    return true;
                end if;
            end if;
        end if;
    end loop;
    if governed then
        return false;
    end if;
    return coalesce((select s.default_access = 'open' from sluice.security_setting s), true);
end
$$;

-- Whether `who` may do one of `wanted` on the destination a row describes (the destination table's policies,
-- which see the row's columns, also for a row being inserted).
create function destination_allows(dest_kind text, dest_name text, is_temporary boolean, creator name,
                                   wanted text[], who name default current_user) returns boolean
    language plpgsql stable security definer set search_path = pg_catalog, pg_temp as
$$
begin
    if sluice.sees_everything(who) then
        return true;
    end if;
    if is_temporary then
        return who = coalesce(creator, '') or 'send' = any (wanted);
    end if;
    return sluice.grants_allow(dest_kind, dest_name, wanted, who);
end
$$;

-- Whether `who` may do one of `wanted` on destination `dest_id` (the policies of the tables keyed by it). False
-- for a destination that does not exist.
create function may_use(dest_id integer, wanted text[], who name default current_user) returns boolean
    language plpgsql stable security definer set search_path = pg_catalog, pg_temp as
$$
declare
    d record;
begin
    select kind, name, owner_session is not null as is_temporary, created_by into d
      from sluice.destination where destination_id = dest_id;
    if not found then
        return sluice.sees_everything(who);
    end if;
    return sluice.destination_allows(d.kind, d.name, d.is_temporary, d.created_by, wanted, who);
end
$$;

-- STABLE, DOCUMENTED FUNCTION: the permissions `who` (default: the current role) has on the queue or topic of
-- that name, whether it exists yet or not, in the order send, consume, browse, create, delete, manage.
create function permissions(dest_kind text, dest_name text, who name default current_user) returns text[]
    language plpgsql stable security definer set search_path = pg_catalog, pg_temp as
$$
declare
    d       record;
    granted text[] := '{}';
    p       text;
begin
    select owner_session is not null as is_temporary, created_by into d
      from sluice.destination where kind = dest_kind and name = dest_name;
    foreach p in array array['send', 'consume', 'browse', 'create', 'delete', 'manage'] loop
        if sluice.destination_allows(dest_kind, dest_name, coalesce(d.is_temporary, false), d.created_by, array[p],
                                     who) then
            granted := granted || p;
        end if;
    end loop;
    return granted;
end
$$;

-- STABLE, DOCUMENTED FUNCTION: whether `who` (default: the current role) may do `permission` on the queue or
-- topic of that name.
create function may(dest_kind text, dest_name text, permission text, who name default current_user) returns boolean
    language sql stable as
$$ select permission = any (sluice.permissions(dest_kind, dest_name, who)) $$;

-- The policies: which rows each command may see or write, by the permission it takes. Other roles than the owner
-- reach these tables only through the privileges granted below.
alter table destination enable row level security;
create policy destination_visible on destination for select
    using (sluice.destination_allows(kind, name, owner_session is not null, created_by,
                                     '{send,consume,browse,create,delete,manage}'));
-- a temporary destination is made by a connection for itself, under a name of the provider's 'tmp.' form
create policy destination_create on destination for insert
    with check (case when owner_session is not null then created_by = current_user and starts_with(name, 'tmp.')
                     else sluice.destination_allows(kind, name, false, created_by, '{create}') end);
create policy destination_manage on destination for update
    using (sluice.destination_allows(kind, name, owner_session is not null, created_by, '{manage}'));
create policy destination_delete on destination for delete
    using (sluice.destination_allows(kind, name, owner_session is not null, created_by, '{delete}'));

alter table log_partition enable row level security;
create policy log_partition_visible on log_partition for select
    using (sluice.may_use(destination_id, '{send,consume,browse,create,delete,manage}'));
create policy log_partition_create on log_partition for insert with check (sluice.may_use(destination_id, '{create}'));
-- an append moves next_offset
create policy log_partition_append on log_partition for update using (sluice.may_use(destination_id, '{send}'));
create policy log_partition_delete on log_partition for delete using (sluice.may_use(destination_id, '{delete}'));

alter table message enable row level security;
create policy message_read on message for select using (sluice.may_use(destination_id, '{consume,browse}'));
create policy message_send on message for insert with check (sluice.may_use(destination_id, '{send}'));
create policy message_delete on message for delete using (sluice.may_use(destination_id, '{delete}'));

alter table subscription enable row level security;
create policy subscription_visible on subscription for select
    using (sluice.may_use(destination_id, '{send,consume,browse,create,delete,manage}'));
-- a queue's one subscription is made with the queue
create policy subscription_create on subscription for insert
    with check (sluice.may_use(destination_id, '{consume,create}'));
create policy subscription_update on subscription for update using (sluice.may_use(destination_id, '{consume}'));
create policy subscription_delete on subscription for delete
    using (sluice.may_use(destination_id, '{consume,delete}'));

alter table subscription_cursor enable row level security;
create policy cursor_read on subscription_cursor for select using (sluice.may_use(destination_id, '{consume,browse}'));
create policy cursor_create on subscription_cursor for insert
    with check (sluice.may_use(destination_id, '{consume,create}'));
create policy cursor_move on subscription_cursor for update using (sluice.may_use(destination_id, '{consume}'));
create policy cursor_delete on subscription_cursor for delete using (sluice.may_use(destination_id, '{consume,delete}'));

alter table delivery enable row level security;
create policy delivery_read on delivery for select using (sluice.may_use(destination_id, '{consume,browse}'));
create policy delivery_claim on delivery for insert with check (sluice.may_use(destination_id, '{consume}'));
create policy delivery_update on delivery for update using (sluice.may_use(destination_id, '{consume}'));
create policy delivery_delete on delivery for delete using (sluice.may_use(destination_id, '{consume,delete}'));

-- The documented views run as their owner, who sees every row: they filter themselves, and are security barriers
-- so that a caller's own function in the WHERE clause cannot see the rows they leave out.
-- sluice.messages shows the messages of the destinations the caller may browse (consuming is not browsing).
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
-- evaluated once per query for a caller who sees everything, per destination row otherwise
where (select sluice.sees_everything())
   or sluice.destination_allows(d.kind, d.name, d.owner_session is not null, d.created_by, '{browse}');

-- sluice.subscription_lag shows the subscriptions of the destinations the caller has any permission on.
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
   or sluice.destination_allows(d.kind, d.name, d.owner_session is not null, d.created_by,
                                '{send,consume,browse,create,delete,manage}');

-- The privileges of the group roles, in one place; creates the roles when they do not exist and the caller may
-- (roles are shared by every database of the cluster: another Sluice database may have made them already). An
-- owner without CREATEROLE gets a warning instead: a superuser then runs
--   CREATE ROLE sluice_client NOLOGIN; CREATE ROLE sluice_admin NOLOGIN;
-- and the owner `select sluice.grant_group_roles()`. Run by the owner; idempotent.
create function grant_group_roles() returns void language plpgsql as
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
        execute format('grant select on sluice.messages, sluice.subscription_lag, sluice.flyway_schema_history'
            ' to %I', group_role);
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

revoke execute on function grant_group_roles() from public;

select grant_group_roles();
