-- A partition's statistics row exists from the moment the partition does. Before, the maintenance leader's byte
-- counter added missing rows at the start of each run, so expiry or retention that ran on a partition created in
-- between removed messages without counting them (the update of a missing row changes nothing).

insert into partition_statistics (destination_id, partition)
select p.destination_id, p.partition from log_partition p
on conflict do nothing;

create function log_partition_statistics() returns trigger language plpgsql as
$$
begin
    insert into sluice.partition_statistics (destination_id, partition) values (new.destination_id, new.partition);
    return new;
end
$$;

create trigger log_partition_statistics after insert on log_partition
    for each row execute function log_partition_statistics();
