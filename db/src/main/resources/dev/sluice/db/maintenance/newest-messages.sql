-- The newest messages of one destination, with the columns and values of the documented view sluice.messages (V14),
-- read from the tables: through the view (a security barrier) PostgreSQL would work out every row's delivery state
-- before it could keep the newest few, seconds for a log of millions. Here: the newest few of each partition by
-- offset (the primary key read backwards), the newest of those by JMSTimestamp, then each one's delivery state,
-- worked out as the view does.
select d.name as destination, d.kind, m.partition, m.log_offset, m.message_id, m.correlation_id, m.jms_type,
       m.reply_to, m.priority, m.persistent, sluice.epoch_ms_to_timestamp(m.sent_at) as sent_at,
       sluice.epoch_ms_to_timestamp(m.expires_at) as expires_at,
       sluice.epoch_ms_to_timestamp(m.deliver_at) as deliver_at, m.group_id, m.properties::text as properties,
       case m.body_type when 0 then 'plain' when 1 then 'text' when 2 then 'bytes' when 3 then 'map'
                        when 4 then 'stream' when 5 then 'object' else 'unknown' end as body_type,
       coalesce(octet_length(m.body), 0) as body_size,
       case when m.body_type = 1 then convert_from(m.body, 'UTF8') end as body_text,
       (select jsonb_object_agg(case when s.name = '' then '(queue)' else s.name end,
                   case when dl.log_offset is null then
                            case when m.log_offset < c.fetch_offset then 'done' else 'pending' end
                        when dl.consumer_id is not null then 'in-flight'
                        when dl.delivery_count > 0 then 'redelivery-pending'
                        when dl.lease_until > sluice.now_ms() then 'scheduled'
                        else 'pending' end)
          from sluice.subscription_cursor c
          join sluice.subscription s on s.subscription_id = c.subscription_id
          left join sluice.delivery dl on dl.destination_id = c.destination_id and dl.partition = c.partition
                and dl.subscription_id = c.subscription_id and dl.log_offset = m.log_offset
         where c.destination_id = m.destination_id and c.partition = m.partition
           and m.log_offset >= c.initial_offset)::text as delivery_state,
       (select max(dl.delivery_count) from sluice.delivery dl
         where dl.destination_id = m.destination_id and dl.partition = m.partition
           and dl.log_offset = m.log_offset) as delivery_count
  from sluice.destination d
  join sluice.log_partition p on p.destination_id = d.destination_id
 cross join lateral (select * from sluice.message x
                      where x.destination_id = d.destination_id and x.partition = p.partition
                      order by x.log_offset desc
                      limit :limit) m
 where d.kind = :kind and d.name = :name
 order by m.sent_at desc, m.partition, m.log_offset desc
 limit :limit
