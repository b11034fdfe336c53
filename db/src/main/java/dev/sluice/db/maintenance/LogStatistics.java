package dev.sluice.db.maintenance;

import dev.sluice.db.log.DestinationKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads what operators want to know about the log: destinations with messages in and out, bytes and the age of
 * the oldest unconsumed message; partitions with their offsets; subscriptions with lag and in-flight counts (from
 * the view {@code sluice.subscription_lag}). Message counts come from offsets and cursors, which every writer keeps
 * anyway, so they are exact and cost a few index lookups per subscription; byte counts come from
 * {@code sluice.partition_statistics}, which the maintenance leader keeps ({@link ByteCounter}). Any process may
 * read them. Thread-safe.
 */
public final class LogStatistics {

    private static final String DESTINATIONS = """
            select d.destination_id, d.name, d.kind, d.partition_count, d.owner_session is not null as temporary,
                   d.retention_ms, d.retention_bytes, d.created_at,
                   coalesce(p.messages_in, 0) as messages_in,
                   coalesce(ps.bytes_in, 0) as bytes_in, coalesce(ps.bytes_stored, 0) as bytes_stored,
                   sl.subscriptions, coalesce(sl.consumed, 0) as messages_out, sl.oldest_age_ms
              from sluice.destination d
             cross join lateral (select sum(x.next_offset)::bigint as messages_in from sluice.log_partition x
                                  where x.destination_id = d.destination_id) p
             cross join lateral (select sum(x.bytes_in)::bigint as bytes_in,
                                        sum(x.bytes_in - x.bytes_removed)::bigint as bytes_stored
                                   from sluice.partition_statistics x where x.destination_id = d.destination_id) ps
             cross join lateral (select count(*)::int as subscriptions, sum(x.consumed)::bigint as consumed,
                                        (extract(epoch from max(x.oldest_unconsumed_age)) * 1000)::bigint
                                            as oldest_age_ms
                                   from sluice.subscription_lag x where x.destination_id = d.destination_id) sl
            """;

    private static final String PARTITIONS = """
            select p.partition, p.start_offset, p.next_offset, coalesce(s.bytes_in, 0) as bytes_in,
                   coalesce(s.bytes_in - s.bytes_removed, 0) as bytes_stored,
                   coalesce(s.messages_expired, 0) as messages_expired,
                   coalesce(s.messages_retention, 0) as messages_retention, s.counted_offset
              from sluice.log_partition p
              left join sluice.partition_statistics s
                on s.destination_id = p.destination_id and s.partition = p.partition
             where p.destination_id = :d
             order by p.partition""";

    private static final String SUBSCRIPTIONS = """
            select destination_id, destination, kind, subscription, durable, shared, non_durable, client_id, selector,
                   lag, in_flight, consumed, (extract(epoch from oldest_unconsumed_age) * 1000)::bigint as oldest_age_ms
              from sluice.subscription_lag
            """;

    private final Jdbi jdbi;

    public LogStatistics(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Every destination (temporary ones too), by kind and name. */
    public List<DestinationStatistics> destinations() {
        return jdbi.withHandle(handle -> handle.createQuery(DESTINATIONS + " order by d.kind, d.name")
                .map((rs, ctx) -> destination(rs))
                .list());
    }

    /** The destinations of any kind with this name (a queue and a topic may share one). */
    public List<DestinationStatistics> destinationsNamed(String name) {
        return jdbi.withHandle(handle -> handle.createQuery(DESTINATIONS + " where d.name = :name order by d.kind")
                .bind("name", name)
                .map((rs, ctx) -> destination(rs))
                .list());
    }

    public Optional<DestinationStatistics> destination(DestinationKind kind, String name) {
        return jdbi.withHandle(handle -> handle.createQuery(DESTINATIONS + " where d.kind = :kind and d.name = :name")
                .bind("kind", kind.sqlName())
                .bind("name", name)
                .map((rs, ctx) -> destination(rs))
                .findOne());
    }

    /** The partitions of a destination, by number. */
    public List<PartitionStatistics> partitions(int destinationId) {
        return jdbi.withHandle(handle -> handle.createQuery(PARTITIONS)
                .bind("d", destinationId)
                .map((rs, ctx) -> new PartitionStatistics(rs.getInt("partition"), rs.getLong("start_offset"),
                        rs.getLong("next_offset"), rs.getLong("bytes_in"), rs.getLong("bytes_stored"),
                        rs.getLong("messages_expired"), rs.getLong("messages_retention"),
                        (Long) rs.getObject("counted_offset")))
                .list());
    }

    /** The subscriptions of a destination, by name. */
    public List<SubscriptionStatistics> subscriptions(int destinationId) {
        return jdbi.withHandle(handle -> handle.createQuery(SUBSCRIPTIONS
                        + " where destination_id = :d order by subscription")
                .bind("d", destinationId)
                .map((rs, ctx) -> subscription(rs))
                .list());
    }

    /** Every subscription of every destination, by destination kind and name, then subscription name. */
    public List<SubscriptionStatistics> subscriptions() {
        return jdbi.withHandle(handle -> handle.createQuery(SUBSCRIPTIONS + " order by kind, destination, subscription")
                .map((rs, ctx) -> subscription(rs))
                .list());
    }

    private static DestinationStatistics destination(ResultSet rs) throws SQLException {
        Timestamp createdAt = rs.getTimestamp("created_at");
        return new DestinationStatistics(rs.getInt("destination_id"), rs.getString("name"),
                DestinationKind.fromSql(rs.getString("kind")), rs.getInt("partition_count"),
                rs.getBoolean("temporary"), (Long) rs.getObject("retention_ms"),
                (Long) rs.getObject("retention_bytes"), createdAt == null ? null : createdAt.toInstant(),
                rs.getLong("messages_in"), rs.getLong("messages_out"), rs.getLong("bytes_in"),
                rs.getLong("bytes_stored"), (Long) rs.getObject("oldest_age_ms"), rs.getInt("subscriptions"));
    }

    private static SubscriptionStatistics subscription(ResultSet rs) throws SQLException {
        return new SubscriptionStatistics(rs.getInt("destination_id"), rs.getString("destination"),
                DestinationKind.fromSql(rs.getString("kind")), rs.getString("subscription"),
                rs.getBoolean("durable"), rs.getBoolean("shared"), rs.getBoolean("non_durable"),
                rs.getString("client_id"), rs.getString("selector"), rs.getLong("lag"), rs.getLong("in_flight"),
                rs.getLong("consumed"), (Long) rs.getObject("oldest_age_ms"));
    }
}
