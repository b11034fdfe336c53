package dev.sluice.db.log;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Creates, finds and deletes subscriptions. A new subscription starts at the current end of every partition: it
 * receives what is appended after it exists, as JMS requires of topic subscribers. Thread-safe.
 */
public final class SubscriptionStore {

    private static final String COLUMNS = "subscription_id, destination_id, name, durable, shared, client_id,"
            + " selector, no_local, owner_session";

    private static final RowMapper<Subscription> MAPPER = (rs, ctx) -> new Subscription(
            rs.getLong("subscription_id"),
            rs.getInt("destination_id"),
            rs.getString("name"),
            rs.getBoolean("durable"),
            rs.getBoolean("shared"),
            rs.getString("client_id"),
            rs.getString("selector"),
            rs.getBoolean("no_local"),
            (Long) rs.getObject("owner_session"));

    private final Jdbi jdbi;

    public SubscriptionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The one subscription every queue has. */
    public Subscription queueSubscription(Destination queue) {
        return find(queue.id(), DestinationStore.QUEUE_SUBSCRIPTION).orElseThrow(() ->
                new DestinationNotFoundException(queue + " has no subscription (was it deleted?)"));
    }

    public Optional<Subscription> find(int destinationId, String name) {
        return jdbi.withHandle(handle -> find(handle, destinationId, name));
    }

    private static Optional<Subscription> find(Handle handle, int destinationId, String name) {
        return handle.createQuery("select " + COLUMNS + " from sluice.subscription"
                        + " where destination_id = :d and name = :name")
                .bind("d", destinationId)
                .bind("name", name)
                .map(MAPPER)
                .findOne();
    }

    /** Subscriptions with this name on any destination (a durable subscription may move between topics). */
    public List<Subscription> findByName(String name) {
        return jdbi.withHandle(handle -> handle.createQuery("select " + COLUMNS + " from sluice.subscription"
                        + " where name = :name")
                .bind("name", name)
                .map(MAPPER)
                .list());
    }

    /** Every subscription of a destination, by name. */
    public List<Subscription> list(int destinationId) {
        return jdbi.withHandle(handle -> handle.createQuery("select " + COLUMNS + " from sluice.subscription"
                        + " where destination_id = :d order by name")
                .bind("d", destinationId)
                .map(MAPPER)
                .list());
    }

    /**
     * Creates a subscription positioned at the end of every partition, or returns the existing one of that name.
     * Callers compare the returned definition with what they asked for (JMS: a durable subscription whose topic
     * or selector changed is replaced).
     */
    public Subscription createIfAbsent(Destination destination, String name, boolean durable, boolean shared,
                                       String clientId, String selector, boolean noLocal, Long ownerSession) {
        return jdbi.inTransaction(handle -> {
            Optional<Subscription> created = handle.createQuery("insert into sluice.subscription"
                            + " (destination_id, name, durable, shared, client_id, selector, no_local, owner_session)"
                            + " values (:d, :name, :durable, :shared, :client, :selector, :noLocal, :owner)"
                            + " on conflict (destination_id, name) do nothing returning " + COLUMNS)
                    .bind("d", destination.id())
                    .bind("name", name)
                    .bind("durable", durable)
                    .bind("shared", shared)
                    .bind("client", clientId)
                    .bind("selector", selector)
                    .bind("noLocal", noLocal)
                    .bind("owner", ownerSession)
                    .map(MAPPER)
                    .findOne();
            if (created.isEmpty()) {
                return find(handle, destination.id(), name).orElseThrow(() -> new IllegalStateException(
                        "Subscription '" + name + "' of " + destination + " was deleted while being created; retry"));
            }
            handle.createUpdate("insert into sluice.subscription_cursor"
                            + " (destination_id, partition, subscription_id, fetch_offset)"
                            + " select destination_id, partition, :s, next_offset from sluice.log_partition"
                            + " where destination_id = :d")
                    .bind("s", created.get().id())
                    .bind("d", destination.id())
                    .execute();
            return created.get();
        });
    }

    /** Deletes the non-durable subscriptions owned by coordination sessions that ended; returns how many. */
    public int deleteOwnedBy(java.util.Collection<Long> sessionIds) {
        if (sessionIds.isEmpty()) {
            return 0;
        }
        long[] ids = sessionIds.stream().mapToLong(Long::longValue).toArray();
        return jdbi.inTransaction(handle -> {
            handle.createUpdate("delete from sluice.delivery d using sluice.subscription s"
                            + " where d.subscription_id = s.subscription_id and s.owner_session = any(:ids)")
                    .bind("ids", ids)
                    .execute();
            return handle.createUpdate("delete from sluice.subscription where owner_session = any(:ids)")
                    .bind("ids", ids)
                    .execute();
        });
    }

    /** Deletes a subscription with its cursors and in-flight records; false if it did not exist. */
    public boolean delete(Subscription subscription) {
        return jdbi.inTransaction(handle -> {
            handle.execute("delete from sluice.delivery where destination_id = ? and subscription_id = ?",
                    subscription.destinationId(), subscription.id());
            return handle.execute("delete from sluice.subscription where subscription_id = ?", subscription.id()) == 1;
        });
    }

    /** Work done while holding a subscription name's lock. */
    @FunctionalInterface
    public interface NameLocked<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Runs {@code work} holding a database-wide lock on a subscription name (a PostgreSQL advisory lock on a
     * connection of its own, so {@code work} may use other connections): joining a shared subscription and tearing
     * down its last consumer's subscription must not interleave, or a joiner in another JVM could be left reading a
     * subscription that was deleted under it.
     */
    public <T, E extends Exception> T underNameLock(String name, NameLocked<T, E> work) throws E {
        try (Handle handle = jdbi.open()) {
            handle.createQuery("select pg_advisory_lock(:namespace, hashtext(:name))")
                    .bind("namespace", NAME_LOCK_NAMESPACE).bind("name", name).mapTo(String.class).one();
            try {
                return work.run();
            } finally {
                handle.createQuery("select pg_advisory_unlock(:namespace, hashtext(:name))")
                        .bind("namespace", NAME_LOCK_NAMESPACE).bind("name", name).mapTo(Boolean.class).one();
            }
        }
    }

    /** The first key of Sluice's subscription-name advisory locks (the second is the name's hash). */
    private static final int NAME_LOCK_NAMESPACE = 0x51_5542;
}
