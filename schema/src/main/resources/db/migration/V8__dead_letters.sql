-- Dead letters: a record delivered max_deliveries times without being acknowledged is moved, when it is released
-- the last time, to the queue dead_letter_queue names (null: 'DLQ'; 'none': never moved, redelivered for ever).
alter table destination
    add column max_deliveries    integer not null default 10 check (max_deliveries >= 1),
    add column dead_letter_queue text;
