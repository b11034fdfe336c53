-- A released record (rollback, recover, a listener that threw) waits before its next delivery:
-- redelivery_delay_ms * redelivery_multiplier ^ (deliveries so far - 1), at most max_redelivery_delay_ms (null: a
-- year), so that other messages go on meanwhile. 0 (the default): redelivered at once.
alter table destination
    add column redelivery_delay_ms     bigint           not null default 0 check (redelivery_delay_ms >= 0),
    add column redelivery_multiplier   double precision not null default 1 check (redelivery_multiplier >= 1),
    add column max_redelivery_delay_ms bigint           check (max_redelivery_delay_ms >= 0);
