-- Indexes for the one-statement claim, the lease renewal and the lease reaper: records without a holder (released,
-- left by a selector, delayed) per subscription, and held records by lease end. A record being delivered is in the
-- second one only; acknowledging deletes it.
create index delivery_unheld on delivery (destination_id, subscription_id, partition, log_offset)
    where consumer_id is null;

create index delivery_lease on delivery (lease_until) where consumer_id is not null;
