-- Every claim inserts delivery rows, and each insert checked the foreign key to subscription: a lookup plus a
-- KEY SHARE lock on the subscription's row, which concurrent claims of one subscription share (a multixact per
-- claim). The subscription's deliveries are instead deleted when it is, by this trigger. It is named so that it
-- fires after the foreign-key cascades of the same delete (triggers fire in name order, and 'R' sorts before
-- 's'): the cascade to subscription_cursor waits for any claim that holds a cursor, so this delete sees what that
-- claim recorded.
alter table delivery drop constraint delivery_subscription_id_fkey;

create function delete_subscription_deliveries() returns trigger language plpgsql as
$$
begin
    delete from sluice.delivery
     where destination_id = old.destination_id and subscription_id = old.subscription_id;
    return null;
end
$$;

create trigger subscription_deletes_its_deliveries after delete on subscription
    for each row execute function delete_subscription_deliveries();
