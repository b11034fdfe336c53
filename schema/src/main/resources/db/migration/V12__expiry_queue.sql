-- Expired messages: dropped (null, the default, as JMS says), or moved to the queue expiry_queue names, created
-- when first needed. A consumer that finds a record expired parks it for the move: consumer_id '' and lease_until
-- the largest bigint, so that no claim, lease reaper or renewal ever takes it; the expired-message reaper then moves
-- every expired message some subscription had not finished to that queue and deletes it with its records.
alter table destination
    add column expiry_queue text;
