-- Ready queries over the documented views sluice.messages and sluice.subscription_lag, shown by the web console
-- (which runs them in a read-only transaction, with the server's login) to be copied into psql or `sluice sql`.
-- None selects bodies or the senders' properties: the console shows them only while security is off. Each starts
-- with its name and title comments.

-- name: lag
-- title: Subscriptions with the most unfinished messages
select destination, kind, subscription, lag, in_flight, consumed, oldest_unconsumed_age
  from sluice.subscription_lag
 order by lag desc, destination, subscription
 limit 50;

-- name: newest
-- title: The newest messages of every destination
select destination, kind, partition, log_offset, sent_at, message_id, correlation_id, body_type, body_size
  from sluice.messages
 where not temporary
 order by sent_at desc
 limit 20;

-- name: in-flight
-- title: Messages held by a consumer or waiting for redelivery
select destination, kind, partition, log_offset, sent_at, delivery_count, delivery_state
  from sluice.messages
 where exists (select 1 from jsonb_each_text(delivery_state) s where s.value in ('in-flight', 'redelivery-pending'))
 order by sent_at
 limit 50;

-- name: per-hour
-- title: Messages sent per destination and hour, still in the log
select destination, kind, date_trunc('hour', sent_at) as hour, count(*) as messages, sum(body_size) as body_bytes
  from sluice.messages
 group by destination, kind, date_trunc('hour', sent_at)
 order by hour desc, destination
 limit 50;

-- name: dead-letters
-- title: Dead letters per destination they came from, and the latest reason
select properties->>'SluiceOriginalDestination' as came_from, destination as dead_letter_queue, count(*) as letters,
       min(sent_at) as oldest_sent, (array_agg(properties->>'SluiceDeadLetterReason' order by sent_at desc))[1]
           as latest_reason
  from sluice.messages
 where kind = 'queue' and destination = 'DLQ' -- the default dead-letter queue; name yours here
   and properties->>'SluiceOriginalDestination' is not null
 group by 1, 2
 order by letters desc;
