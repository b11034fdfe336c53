-- The newest messages of one destination, from the documented view sluice.messages: the newest few of each
-- partition by offset (the primary key's order, so no sort of the whole log), then the newest of those.
select m.destination, m.kind, m.partition, m.log_offset, m.message_id, m.correlation_id, m.jms_type, m.reply_to,
       m.priority, m.persistent, m.sent_at, m.expires_at, m.deliver_at, m.group_id, m.properties::text as properties,
       m.body_type, m.body_size, m.body_text, m.delivery_state::text as delivery_state, m.delivery_count
  from sluice.log_partition p
  join sluice.destination d on d.destination_id = p.destination_id
 cross join lateral (select v.* from sluice.messages v
                      where v.destination = d.name and v.kind = d.kind and v.partition = p.partition
                      order by v.log_offset desc
                      limit :limit) m
 where d.kind = :kind and d.name = :name
 order by m.sent_at desc, m.partition, m.log_offset desc
 limit :limit
