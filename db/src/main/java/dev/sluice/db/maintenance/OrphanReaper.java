package dev.sluice.db.maintenance;

import org.jdbi.v3.core.Jdbi;

/**
 * Removes what dead coordination sessions owned: temporary destinations (with their messages and deliveries) and
 * non-durable subscriptions (with their cursors and deliveries) whose {@code owner_session} no longer appears in
 * {@code sluice.coord_session}. That table's contract (see the coordination module's {@code SessionRegistry}) is
 * that a row exists exactly while its session lives and ids are never reused, so a missing row means the owner is
 * gone for good. The client that notices an expiry cleans up at once; this catches what nobody was listening for
 * (every client of a database died). Thread-safe.
 */
public final class OrphanReaper {

    private static final String DELETE_DESTINATIONS = """
            with orphans as (
                select destination_id from sluice.destination d
                 where d.owner_session is not null
                   and not exists (select 1 from sluice.coord_session s where s.session_id = d.owner_session)
                 for update skip locked
            ), deliveries as (
                delete from sluice.delivery dl using orphans o where dl.destination_id = o.destination_id
                returning 1
            ), messages as (
                delete from sluice.message m using orphans o where m.destination_id = o.destination_id
                returning 1
            ), gone as (
                delete from sluice.destination d using orphans o where d.destination_id = o.destination_id
                returning 1
            )
            select count(*) from gone""";

    private static final String DELETE_SUBSCRIPTIONS = """
            with orphans as (
                select subscription_id, destination_id from sluice.subscription s
                 where s.owner_session is not null
                   and not exists (select 1 from sluice.coord_session c where c.session_id = s.owner_session)
                 for update skip locked
            ), deliveries as (
                delete from sluice.delivery dl using orphans o
                 where dl.destination_id = o.destination_id and dl.subscription_id = o.subscription_id
                returning 1
            ), gone as (
                delete from sluice.subscription s using orphans o where s.subscription_id = o.subscription_id
                returning 1
            )
            select count(*) from gone""";

    /** What one run removed. */
    public record Removed(int temporaryDestinations, int nonDurableSubscriptions) {

        public int total() {
            return temporaryDestinations + nonDurableSubscriptions;
        }
    }

    private final Jdbi jdbi;

    public OrphanReaper(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Deletes every temporary destination and non-durable subscription whose owner session is gone. */
    public Removed reap() {
        int destinations = jdbi.inTransaction(handle -> handle.createQuery(DELETE_DESTINATIONS)
                .mapTo(Integer.class).one());
        int subscriptions = jdbi.inTransaction(handle -> handle.createQuery(DELETE_SUBSCRIPTIONS)
                .mapTo(Integer.class).one());
        return new Removed(destinations, subscriptions);
    }
}
