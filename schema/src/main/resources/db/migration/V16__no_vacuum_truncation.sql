-- VACUUM gives empty pages at the end of a table back to the file system only under an ACCESS EXCLUSIVE lock,
-- which every append (log_partition), claim (subscription_cursor, delivery) and acknowledgement (delivery) then
-- queues behind; an autovacuum of log_partition was seen in that phase (VacuumTruncate) during a soak stall. These
-- tables churn in place and refill the pages at once, so keeping them costs nothing.
alter table log_partition set (vacuum_truncate = false);
alter table subscription_cursor set (vacuum_truncate = false);
alter table delivery set (vacuum_truncate = false);
