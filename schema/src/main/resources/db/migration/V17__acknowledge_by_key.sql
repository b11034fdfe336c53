-- Deletes acknowledged in-flight records, each by its key and only while `consumer_ids` still holds it, and returns
-- those deleted. The engine's acknowledgements (transacted, client and grouped) all call it.
--
-- Why a function: as a plain statement joining unnest(...) to delivery, the generic plan that a pooled connection
-- made while the table was small hash-joined a sequential scan of the whole table, dead rows included, into every
-- acknowledgement once it had grown (1,783 buffers for 100 records, 1.28 ms in the Flume bridge's sink). Planned
-- here with the other joins and scans disabled, it is one primary-key lookup per record whatever the statistics
-- say. A delete by row version (ctid) would fix the plan too, but misses a record whose lease a renewal has just
-- extended: the renewed version is newer than the statement's snapshot. A delete by key follows it.
create function acknowledge(destination_ids integer[], partitions integer[], subscription_ids bigint[],
                            log_offsets bigint[], consumer_ids text[])
    returns table (acknowledged_subscription bigint, acknowledged_partition integer, acknowledged_offset bigint)
    language plpgsql
    set enable_hashjoin = off
    set enable_mergejoin = off
    set enable_seqscan = off
as $$
begin
    return query
        delete from sluice.delivery d
         using unnest(destination_ids, partitions, subscription_ids, log_offsets, consumer_ids)
               as a(destination_id, partition, subscription_id, log_offset, consumer_id)
         where d.destination_id = a.destination_id and d.partition = a.partition
           and d.subscription_id = a.subscription_id and d.log_offset = a.log_offset
           and d.consumer_id = a.consumer_id
        returning d.subscription_id, d.partition, d.log_offset;
end
$$;
