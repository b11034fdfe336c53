-- The queues dead letters go to that exist: each destination's dead_letter_queue ('DLQ' when null, none for 'none')
-- and its expiry_queue (none when null).
select q.name
  from sluice.destination q
 where q.kind = 'queue' and q.owner_session is null
   and q.name in (select coalesce(d.dead_letter_queue, 'DLQ') from sluice.destination d
                   where d.dead_letter_queue is distinct from 'none'
                  union
                  select d.expiry_queue from sluice.destination d where d.expiry_queue is not null)
 order by q.name
