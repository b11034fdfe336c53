-- Which listeners (an engine's LISTEN connection, a `sluice tail`) wait for notifications of a destination's new
-- records, so that an engine notifies only when some other process listens: a NOTIFY costs every commit that sends
-- one a database-wide lock, and a JVM wakes its own readers without it. Each listener refreshes seen_at while it
-- runs; rows of listeners that stopped without removing theirs age out (see DestinationListeners).
create table destination_listener (
    destination_id integer not null,
    listener       text    not null,
    seen_at        bigint  not null,
    primary key (destination_id, listener)
);
