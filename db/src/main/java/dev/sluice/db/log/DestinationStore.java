package dev.sluice.db.log;

import dev.sluice.db.AccessDeniedException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Creates, finds, lists and deletes destinations with their partitions. A queue is created together with its one
 * subscription (named {@code ''}) and that subscription's cursors, so its consumers always have something to
 * compete on. Thread-safe.
 */
public final class DestinationStore {

    /** Partitions a destination gets when the caller does not say. */
    public static final int DEFAULT_PARTITIONS = 4;
    /** The name of a queue's one subscription. */
    public static final String QUEUE_SUBSCRIPTION = "";

    static final RowMapper<Destination> MAPPER = (rs, ctx) -> new Destination(
            rs.getInt("destination_id"),
            rs.getString("name"),
            DestinationKind.fromSql(rs.getString("kind")),
            rs.getInt("partition_count"),
            (Long) rs.getObject("retention_ms"),
            (Long) rs.getObject("retention_bytes"),
            (Long) rs.getObject("owner_session"));

    private static final String COLUMNS =
            "destination_id, name, kind, partition_count, retention_ms, retention_bytes, owner_session";

    private final Jdbi jdbi;

    public DestinationStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Creates a destination; fails with {@link DestinationExistsException} when it exists. */
    public Destination create(DestinationKind kind, String name, int partitions) {
        return create(kind, name, partitions, null);
    }

    /** Creates a destination owned by a coordination session (a temporary destination when not null). */
    public Destination create(DestinationKind kind, String name, int partitions, Long ownerSession) {
        return jdbi.inTransaction(handle -> insert(handle, kind, name, partitions, ownerSession)
                .orElseThrow(() -> new DestinationExistsException(kind, name)));
    }

    /** Returns the destination, creating it with {@code partitions} partitions if it does not exist yet. */
    public Destination createIfAbsent(DestinationKind kind, String name, int partitions) {
        return jdbi.inTransaction(handle -> insert(handle, kind, name, partitions, null)
                .or(() -> find(handle, kind, name))
                .orElseThrow(() -> new IllegalStateException(kind.sqlName() + " '" + name
                        + "' was deleted while being created; retry")));
    }

    private static Optional<Destination> insert(Handle handle, DestinationKind kind, String name, int partitions,
                                                Long ownerSession) {
        DestinationName.validate(name);
        if (partitions < 1 || partitions > 1024) {
            throw new IllegalArgumentException("Partition count " + partitions + " for " + kind.sqlName() + " '"
                    + name + "' must be between 1 and 1024");
        }
        Optional<Destination> created = handle.createQuery("insert into sluice.destination"
                        + " (name, kind, partition_count, owner_session) values (:name, :kind, :partitions, :owner)"
                        + " on conflict (kind, name) do nothing returning " + COLUMNS)
                .bind("name", name)
                .bind("kind", kind.sqlName())
                .bind("partitions", partitions)
                .bind("owner", ownerSession)
                .map(MAPPER)
                .findOne();
        created.ifPresent(destination -> {
            handle.createUpdate("insert into sluice.log_partition (destination_id, partition)"
                            + " select :id, p from generate_series(0, :partitions - 1) p")
                    .bind("id", destination.id())
                    .bind("partitions", partitions)
                    .execute();
            if (kind == DestinationKind.QUEUE) {
                handle.createUpdate("with s as (insert into sluice.subscription (destination_id, name, durable, shared)"
                                + " values (:id, '', true, true) returning subscription_id)"
                                + " insert into sluice.subscription_cursor"
                                + " (destination_id, partition, subscription_id, fetch_offset)"
                                + " select :id, p, s.subscription_id, 0 from s, generate_series(0, :partitions - 1) p")
                        .bind("id", destination.id())
                        .bind("partitions", partitions)
                        .execute();
            }
        });
        return created;
    }

    public Optional<Destination> find(DestinationKind kind, String name) {
        return jdbi.withHandle(handle -> find(handle, kind, name));
    }

    private static Optional<Destination> find(Handle handle, DestinationKind kind, String name) {
        return handle.createQuery("select " + COLUMNS + " from sluice.destination where kind = :kind and name = :name")
                .bind("kind", kind.sqlName())
                .bind("name", name)
                .map(MAPPER)
                .findOne();
    }

    public Optional<Destination> find(int destinationId) {
        return jdbi.withHandle(handle -> handle.createQuery("select " + COLUMNS
                        + " from sluice.destination where destination_id = :id")
                .bind("id", destinationId)
                .map(MAPPER)
                .findOne());
    }

    /** What happens to records of the destination its consumers keep failing on. */
    public DeadLetterPolicy deadLetterPolicy(int destinationId) {
        return jdbi.withHandle(handle -> handle.createQuery("select max_deliveries, dead_letter_queue"
                        + " from sluice.destination where destination_id = :id")
                .bind("id", destinationId)
                .map((rs, ctx) -> new DeadLetterPolicy(rs.getInt(1), rs.getString(2)))
                .findOne()
                .orElseThrow(() -> new DestinationNotFoundException("Destination " + destinationId
                        + " does not exist")));
    }

    /** Changes what happens to records of the destination its consumers keep failing on (for the next releases). */
    public void setDeadLetterPolicy(int destinationId, DeadLetterPolicy policy) {
        int updated = jdbi.withHandle(handle -> handle.createUpdate("update sluice.destination"
                        + " set max_deliveries = :max, dead_letter_queue = :queue where destination_id = :id")
                .bind("max", policy.maxDeliveries())
                .bind("queue", policy.deadLetterQueue())
                .bind("id", destinationId)
                .execute());
        if (updated == 0) {
            throw new DestinationNotFoundException("Destination " + destinationId + " does not exist");
        }
    }

    /** The queue the destination's expired messages move to; empty: they are dropped. */
    public Optional<String> expiryQueue(int destinationId) {
        return jdbi.withHandle(handle -> handle.createQuery("select expiry_queue from sluice.destination"
                        + " where destination_id = :id")
                .bind("id", destinationId)
                .map((rs, ctx) -> Optional.ofNullable(rs.getString(1)))
                .findOne()
                .orElseThrow(() -> new DestinationNotFoundException("Destination " + destinationId
                        + " does not exist")));
    }

    /**
     * Moves the destination's messages that expire from now on to {@code queue} (validated as a destination name,
     * created when first needed), or drops them with null.
     */
    public void setExpiryQueue(int destinationId, String queue) {
        if (queue != null) {
            DestinationName.validate(queue);
        }
        int updated = jdbi.withHandle(handle -> handle.createUpdate("update sluice.destination"
                        + " set expiry_queue = :queue where destination_id = :id")
                .bind("queue", queue)
                .bind("id", destinationId)
                .execute());
        if (updated == 0) {
            throw new DestinationNotFoundException("Destination " + destinationId + " does not exist");
        }
    }

    /** How long the destination's released records wait before they are delivered again. */
    public RedeliveryPolicy redeliveryPolicy(int destinationId) {
        return jdbi.withHandle(handle -> handle.createQuery("select redelivery_delay_ms, redelivery_multiplier,"
                        + " max_redelivery_delay_ms from sluice.destination where destination_id = :id")
                .bind("id", destinationId)
                .map((rs, ctx) -> new RedeliveryPolicy(rs.getLong(1), rs.getDouble(2),
                        rs.getObject(3) == null ? null : rs.getLong(3)))
                .findOne()
                .orElseThrow(() -> new DestinationNotFoundException("Destination " + destinationId
                        + " does not exist")));
    }

    /** Changes how long the destination's records released from now on wait before they are delivered again. */
    public void setRedeliveryPolicy(int destinationId, RedeliveryPolicy policy) {
        int updated = jdbi.withHandle(handle -> handle.createUpdate("update sluice.destination"
                        + " set redelivery_delay_ms = :delay, redelivery_multiplier = :multiplier,"
                        + " max_redelivery_delay_ms = :max where destination_id = :id")
                .bind("delay", policy.delayMs())
                .bind("multiplier", policy.multiplier())
                .bind("max", policy.maxDelayMs())
                .bind("id", destinationId)
                .execute());
        if (updated == 0) {
            throw new DestinationNotFoundException("Destination " + destinationId + " does not exist");
        }
    }

    /** Every destination of {@code kind}, by name. */
    public List<Destination> list(DestinationKind kind) {
        return jdbi.withHandle(handle -> handle.createQuery("select " + COLUMNS
                        + " from sluice.destination where kind = :kind order by name")
                .bind("kind", kind.sqlName())
                .map(MAPPER)
                .list());
    }

    /**
     * Deletes the temporary destinations owned by coordination sessions that ended (their connection's process
     * died), with their messages. Returns how many.
     */
    public int deleteOwnedBy(java.util.Collection<Long> sessionIds) {
        if (sessionIds.isEmpty()) {
            return 0;
        }
        long[] ids = sessionIds.stream().mapToLong(Long::longValue).toArray();
        return jdbi.inTransaction(handle -> {
            List<Integer> owned = handle.createQuery("select destination_id from sluice.destination"
                            + " where owner_session = any(:ids)")
                    .bind("ids", ids)
                    .mapTo(Integer.class)
                    .list();
            for (int id : owned) {
                handle.execute("delete from sluice.delivery where destination_id = ?", id);
                handle.execute("delete from sluice.message where destination_id = ?", id);
                handle.execute("delete from sluice.destination where destination_id = ?", id);
            }
            return owned.size();
        });
    }

    /**
     * Deletes a destination, its partitions, messages, subscriptions and deliveries.
     *
     * @throws DestinationNotFoundException when there is none of that kind and name
     * @throws AccessDeniedException when the login may not delete it (the whole delete is rolled back)
     */
    public void delete(DestinationKind kind, String name) {
        jdbi.useTransaction(handle -> {
            Destination destination = find(handle, kind, name)
                    .orElseThrow(() -> new DestinationNotFoundException(kind, name));
            // Messages and deliveries carry no foreign key (it would tax every append); remove them explicitly.
            handle.execute("delete from sluice.delivery where destination_id = ?", destination.id());
            handle.execute("delete from sluice.message where destination_id = ?", destination.id());
            int deleted = handle.execute("delete from sluice.destination where destination_id = ?", destination.id());
            if (deleted != 1) {
                // row-level security showed the destination but lets this login not delete it (V13)
                throw new AccessDeniedException("Deleting " + destination + " was refused: expected to delete one"
                        + " row, deleted " + deleted + "; the login has no delete permission on it");
            }
        });
    }
}
