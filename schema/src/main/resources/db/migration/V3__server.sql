-- What the server's maintenance and the operators' SQL need (module sluice-server): the offset each subscription
-- started at, per-partition statistics kept by the maintenance leader, an index for the expiry sweep, and the two
-- documented views sluice.messages and sluice.subscription_lag.

-- The offset a subscription's cursor started at (a topic subscription starts at the end of the log; a queue's at
-- 0): fetch_offset - initial_offset is how many records the subscription has moved past. Set by the trigger below
-- when a cursor is created, so the code that creates cursors needs no change.
alter table subscription_cursor add column initial_offset bigint;

update subscription_cursor c set initial_offset = case when d.kind = 'queue' then 0 else c.fetch_offset end
from destination d where d.destination_id = c.destination_id;

alter table subscription_cursor alter column initial_offset set not null;

create function subscription_cursor_initial_offset() returns trigger language plpgsql as
$$
begin
    new.initial_offset := coalesce(new.initial_offset, new.fetch_offset);
    return new;
end
$$;

create trigger subscription_cursor_initial_offset before insert on subscription_cursor
    for each row execute function subscription_cursor_initial_offset();

-- Per partition, kept by the maintenance leader only (never on the append path): body bytes appended, counted
-- incrementally up to counted_offset, and what expiry and retention removed.
create table partition_statistics (
    destination_id      integer not null,
    partition           integer not null,
    -- bytes_in covers the offsets below this one
    counted_offset      bigint  not null default 0,
    bytes_in            bigint  not null default 0,
    -- bytes of removed messages that bytes_in had counted; bytes_in - bytes_removed is what the partition holds
    bytes_removed       bigint  not null default 0,
    messages_expired    bigint  not null default 0,
    messages_retention  bigint  not null default 0,
    primary key (destination_id, partition),
    foreign key (destination_id, partition) references log_partition on delete cascade
);

-- The expiry sweep finds the expired messages, oldest expiry first, without scanning the log; only messages with a
-- time to live are in it.
create index message_expires_at on message (expires_at) where expires_at <> 0;

-- Milliseconds since the epoch as a timestamp (null for 0, which means "never" or "at once" in JMS headers).
create function epoch_ms_to_timestamp(ms bigint) returns timestamptz language sql immutable as
$$ select case when ms = 0 then null else to_timestamp(ms / 1000.0) end $$;

-- STABLE, DOCUMENTED VIEW: one row per message in the log, for history queries with psql or a BI tool.
--   destination, kind ('queue'/'topic'), temporary, partition, log_offset: where the message is
--   message_id, correlation_id, jms_type, reply_to ('queue://name', 'temp-queue://name', ...), priority,
--   persistent, group_id (JMSXGroupID), producer_id (the sending connection): the JMS headers
--   sent_at (JMSTimestamp), expires_at (JMSExpiration, null = never), deliver_at (JMSDeliveryTime, null = at once)
--   properties: the JMS properties as jsonb (properties->>'orderId')
--   body_type ('plain', 'text', 'bytes', 'map', 'stream', 'object'), body_size (bytes), body_text (text bodies)
--   delivery_state: per subscription of the destination that existed when the message was appended, one of
--     'done' (acknowledged, or not for it: its selector did not match), 'pending' (not delivered yet),
--     'in-flight' (held by a consumer), 'redelivery-pending' (delivered, not acknowledged, available again),
--     'scheduled' (delivery time not reached); the queue's one subscription is called '(queue)'
--   delivery_count: how often the message was handed to a consumer, while some subscription has not finished it
--     (null once every subscription is done: acknowledged deliveries are not kept)
create view messages as
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
join destination d on d.destination_id = m.destination_id;

-- STABLE, DOCUMENTED VIEW: one row per subscription (a queue has one, called '(queue)').
--   lag: messages the subscription has not finished (not yet delivered, in flight, or waiting for redelivery)
--   in_flight: messages held by a consumer now
--   consumed: messages it finished since it was created (acknowledged, or skipped: selector, expiry, retention)
--   oldest_unconsumed_at / oldest_unconsumed_age: JMSTimestamp of the oldest message it has not finished
--   non_durable: it lives only as long as its consumer's connection (owner_session)
create view subscription_lag as
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
     where x.destination_id = s.destination_id and x.subscription_id = s.subscription_id) dl;
