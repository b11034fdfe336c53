-- Claims records of one subscription for one holder, across all its partitions, in one statement (see
-- ClaimStatement). ClaimStatement writes in the consumer's selector as SQL over m (TRUE without one), what a
-- record the selector rejects becomes ('leave' for a queue: it stays for other consumers; 'pass' for a topic
-- subscription: never delivered to it), the message columns, and, for a selective reader (which may judge more
-- records than it takes), the running count of deliveries that stops each partition's scan at its allotment-th, and
-- its test of records available again (without a selector they are retaken without reading their messages: the
-- reader skips one that expired meanwhile).
with clock as materialized (
    select sluice.now_ms() as now, sluice.server_incarnation() as incarnation,
           -- expired records are parked for the move to the expiry queue (V12) instead of passed
           exists (select 1 from sluice.destination t
                    where t.destination_id = :destination and t.expiry_queue is not null) as keeps_expired
), unheld as (
    -- in flight without a holder, available again: released, left by another consumer's selector, or delayed
    -- until now (index delivery_unheld: only such records, in offset order)
    select d.ctid as row_id
      from sluice.delivery d
     where d.destination_id = :destination and d.subscription_id = :subscription
       and d.consumer_id is null and coalesce(d.lease_until, 0) <= (select now from clock){{AGAIN_FILTER}}
     order by d.partition, d.log_offset
     limit :max
     for update of d skip locked
), orphaned as (
    -- held by a holder whose lease ran out (it died): in the periodic sweep only, see ClaimStatement
{{ORPHANED}}
), again as (
    select * from unheld union all select * from orphaned
), retaken as (
    -- by the row versions just locked (a TID scan whatever the statistics: a generic plan made while the table
    -- was small must not turn this into a scan of the subscription's records)
    update sluice.delivery d
       set consumer_id = :holder, lease_until = (select now from clock) + :lease,
           delivery_count = d.delivery_count + 1
      from again a
     where d.ctid = a.row_id
    returning d.partition, d.log_offset, d.delivery_count
), cursors as (
    -- a cursor another claim holds is skipped: that claim takes its records. Each claim judges the window of
    -- offsets [from_offset, to_offset): a bounded range, so the plan is an index range scan whatever the backlog,
    -- and offsets missing inside it (expired and reaped, or below the retention start) are simply passed.
    select c.partition, greatest(c.fetch_offset, p.start_offset) as from_offset,
           least(greatest(c.fetch_offset, p.start_offset) + :scan, p.next_offset) as to_offset,
           p.next_offset as log_end, c.suspect_until,
           -- the last claim was on another server incarnation: the ones after it may have been lost in a crash
           (c.claimed_on <> '' and c.claimed_on <> (select incarnation from clock)) as after_crash
      from sluice.subscription_cursor c
      join sluice.log_partition p on p.destination_id = c.destination_id and p.partition = c.partition
     where c.destination_id = :destination and c.subscription_id = :subscription
       and c.fetch_offset < p.next_offset
     for update of c skip locked
), allotted as (
    -- how many records each partition may give: an even share of max over the partitions that have records, and
    -- what partitions with fewer than their share leave over goes to the others (a sending session sticks to one
    -- partition, so one partition often has them all). Read from the windows' sizes, not by scanning.
    select w.*, case when w.window_size > w.share
                     then least(w.window_size, w.share + (w.spare + w.crowded - 1) / w.crowded)
                     else w.window_size end as allotment
      from (select v.*, greatest(0, :max - sum(least(v.window_size, v.share)) over ()) as spare,
                   count(*) filter (where v.window_size > v.share) over () as crowded
              from (select c.*, c.to_offset - c.from_offset as window_size,
                           (:max + count(*) over () - 1) / count(*) over () as share
                      from cursors c) v) w
), scanned as (
    select n.partition, n.log_offset, n.deliver_at, n.verdict, n.size,
           (c.after_crash and n.log_offset < c.suspect_until) as suspect, c.allotment{{DELIVERED}}
      from allotted c
      cross join lateral (
          -- octet_length of a stored body reads its length word or TOAST pointer, not the body
          select m.partition, m.log_offset, m.deliver_at, coalesce(octet_length(m.body), 0) as size,
                 case when m.expires_at <> 0 and m.expires_at <= (select now from clock)
                      then case when (select keeps_expired from clock) then 'expired' else 'pass' end
                      when cast(:producer as text) is not null and m.producer_id = cast(:producer as text) then 'pass'
                      -- delayed only when sent with a delay: a message without one is due at once, even if the
                      -- sender's clock is a little ahead of the database's (deliver_at = sent_at then)
                      when m.deliver_at > m.sent_at and m.deliver_at > (select now from clock) then 'later'
                      when ({{SELECTOR}}) is true then 'deliver'
                      else {{MISMATCH}} end as verdict
            from sluice.message m
           where m.destination_id = :destination and m.partition = c.partition
             and m.log_offset >= c.from_offset and m.log_offset < c.to_offset
           order by m.log_offset{{LIMIT}}
      ) n
), eligible as (
    -- a selective reader's scan stops after each partition's allotment-th delivery
    select * from scanned s{{WITHIN_ALLOTMENT}}
), ranked as (
    -- the partitions interleaved record by record (starting at a partition that moves from claim to claim), with
    -- the bytes of the deliveries before each record in that order
    select r.*, row_number() over claim_order as position,
           sum(case when r.verdict = 'deliver' then r.size else 0 end) over claim_order
               - case when r.verdict = 'deliver' then r.size else 0 end as bytes_before
      from (select e.*, row_number() over (partition by e.partition order by e.log_offset) as ordinal
              from eligible e) r
    window claim_order as (order by r.ordinal, r.partition < cast(:rotation as int), r.partition
                           rows between unbounded preceding and current row)
), taken as (
    -- the first max records of that order within the byte budget, and always the first one however large: a prefix of
    -- each partition's scan, and all of one partition's when the others have nothing (a sender sticks to one)
    select * from ranked r where r.position <= :max and (r.position = 1 or r.bytes_before < :bytes)
), recorded as (
    insert into sluice.delivery
        (destination_id, partition, subscription_id, log_offset, delivery_count, consumer_id, lease_until)
    select :destination, t.partition, :subscription, t.log_offset,
           case when t.verdict <> 'deliver' then 0 when t.suspect then 2 else 1 end,
           case t.verdict when 'deliver' then cast(:holder as text) when 'expired' then '' end,
           case t.verdict when 'deliver' then (select now from clock) + :lease when 'later' then t.deliver_at
                          when 'expired' then 9223372036854775807 end
      from taken t
     where t.verdict <> 'pass'
), moved as (
    -- past the whole window when the claim took all of it, else just past the last record it took (or nowhere)
    update sluice.subscription_cursor c
       set fetch_offset = x.next_offset,
           suspect_until = case when x.next_offset > x.suspect_until or x.after_crash
                                then x.next_offset + :margin else c.suspect_until end,
           claimed_on = (select incarnation from clock)
      from (select w.partition, w.log_end, w.suspect_until, w.after_crash, {{MOVED_TO}} as next_offset
              from allotted w) x
     where c.destination_id = :destination and c.subscription_id = :subscription and c.partition = x.partition
    returning x.next_offset < x.log_end as remaining, (x.next_offset > x.suspect_until or x.after_crash) as raise
), durable as (
    -- a claim that raised a bound commits with the WAL flush (the setting lasts until the end of this statement's
    -- transaction)
    select set_config('synchronous_commit', 'on', true) as setting from moved where moved.raise
)
-- Each message is fetched by its whole key in a LATERAL subquery: as a plain join, a generic plan made while the
-- log was empty looked the destination's whole log through for every row (120,000 rows per row taken).
select r.delivery_count, {{COLUMNS}}, 0 as phase
  from retaken r
 cross join lateral (select * from sluice.message x
                      where x.destination_id = :destination and x.partition = r.partition
                        and x.log_offset = r.log_offset limit 1) m
union all
select case when t.suspect then 2 else 1 end, {{COLUMNS}}, 1 as phase
  from taken t
 cross join lateral (select * from sluice.message x
                      where x.destination_id = :destination and x.partition = t.partition
                        and x.log_offset = t.log_offset limit 1) m
 where t.verdict = 'deliver'
union all
-- one marker row (delivery count -1) when some partition has records beyond what this claim judged
select -1, {{NO_COLUMNS}}, 2 as phase
 where exists (select 1 from moved where remaining)
union all
-- never a row (set_config returns the value set); makes the statement evaluate durable
select -2, {{NO_COLUMNS}}, 3 as phase
  from durable
 where durable.setting is null
 -- redeliveries first, then each partition in offset order (the reader's priority sort is stable)
 order by phase, partition, log_offset
