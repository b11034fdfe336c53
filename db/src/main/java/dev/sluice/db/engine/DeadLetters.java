package dev.sluice.db.engine;

import dev.sluice.db.internal.SqlErrors;
import dev.sluice.db.log.DeadLetterPolicy;
import dev.sluice.db.log.DestinationStore;
import dev.sluice.db.log.LogStore;
import dev.sluice.db.log.MessageRecord;
import dev.sluice.db.log.QueueTransfer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves records that have used up their deliveries to their destination's dead-letter queue, inside the transaction
 * that releases them: a record released by its holder after {@code max_deliveries} deliveries (the destination's,
 * default 10) leaves its subscription and is appended to {@code dead_letter_queue} (default {@code DLQ}, created
 * when first needed; {@code none}: never). The copy keeps the message's headers, properties and body, loses its
 * expiration and delivery delay (a dead letter waits to be looked at), and gains three properties:
 * {@link DeadLetterPolicy#ORIGINAL_DESTINATION} ({@code queue://orders}, {@code topic://prices}),
 * {@link DeadLetterPolicy#DELIVERY_COUNT} (a long) and {@link DeadLetterPolicy#REASON}, plus
 * {@link DeadLetterPolicy#LAST_ERROR} when the release that exhausted it named the consumer's error. A dead-letter
 * queue does not dead-letter into itself. Thread-safe.
 */
final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    /**
     * Removes the exhausted records among {@code records} held by {@code holder} from their subscriptions (by key,
     * then by row version, so the plan never depends on the table's statistics) and returns their messages, with
     * the dead-letter properties merged in.
     */
    private static final String TAKE_EXHAUSTED = """
            with exhausted as (
                delete from sluice.delivery d
                 using unnest(?::int4[], ?::int4[], ?::int8[], ?::int8[])
                       as r(destination_id, partition, subscription_id, log_offset)
                 cross join lateral (select x.ctid as row_id from sluice.delivery x
                                      where x.destination_id = r.destination_id and x.partition = r.partition
                                        and x.subscription_id = r.subscription_id and x.log_offset = r.log_offset
                                        and x.consumer_id = ? limit 1) h
                 cross join lateral (select dst.kind, dst.name, dst.max_deliveries,
                                            coalesce(dst.dead_letter_queue, '%s') as dead_letter_queue
                                       from sluice.destination dst where dst.destination_id = r.destination_id) t
                 where d.ctid = h.row_id
                   and d.delivery_count >= t.max_deliveries and t.dead_letter_queue <> '%s'
                   and not (t.kind = 'queue' and t.name = t.dead_letter_queue)
                returning d.destination_id, d.partition, d.log_offset, d.delivery_count, t.kind, t.name,
                          t.max_deliveries, t.dead_letter_queue
            )
            select e.dead_letter_queue, e.kind || '://' || e.name as original_destination, %s
              from exhausted e
             cross join lateral (select * from sluice.message x
                                  where x.destination_id = e.destination_id and x.partition = e.partition
                                    and x.log_offset = e.log_offset limit 1) m
             order by e.destination_id, e.partition, e.log_offset""".formatted(DeadLetterPolicy.DEFAULT_QUEUE,
            DeadLetterPolicy.NONE, LogStore.MESSAGE_COLUMNS.replace(
            "m.properties::text as properties",
            "(coalesce(m.properties, '{}'::jsonb) || jsonb_build_object("
                    + "'" + DeadLetterPolicy.ORIGINAL_DESTINATION + "', e.kind || '://' || e.name,"
                    + " '" + DeadLetterPolicy.DELIVERY_COUNT + "', e.delivery_count,"
                    + " '" + DeadLetterPolicy.REASON + "', 'delivered ' || e.delivery_count || ' times without being acknowledged"
                    + " (the destination allows ' || e.max_deliveries || ')')"
                    // the last error only when the releasing consumer gave one (null is stripped)
                    + " || jsonb_strip_nulls(jsonb_build_object('" + DeadLetterPolicy.LAST_ERROR + "', ?::text))"
                    + ")::text as properties"));

    private final QueueTransfer transfer;

    DeadLetters(DestinationStore destinations, LogStore log) {
        this.transfer = new QueueTransfer(destinations, log);
    }

    /**
     * Moves the exhausted ones of {@code records} (held by {@code holder}) inside the caller's transaction.
     *
     * @param lastError the consumer's error to record on the dead letters, or null
     * @return the ids of the dead-letter queues appended to (empty when none was exhausted)
     */
    Set<Integer> moveExhausted(Handle handle, List<Held> records, String holder, String lastError) {
        List<QueueTransfer.Copy> copies = new ArrayList<>();
        Connection connection = handle.getConnection();
        try (PreparedStatement statement = connection.prepareStatement(TAKE_EXHAUSTED)) {
            statement.setArray(1, connection.createArrayOf("int4", records.stream().map(Held::destinationId)
                    .toArray()));
            statement.setArray(2, connection.createArrayOf("int4", records.stream().map(Held::partition).toArray()));
            statement.setArray(3, connection.createArrayOf("int8", records.stream().map(Held::subscriptionId)
                    .toArray()));
            statement.setArray(4, connection.createArrayOf("int8", records.stream().map(Held::offset).toArray()));
            statement.setString(5, holder);
            statement.setString(6, lastError);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String queue = rs.getString(1);
                    MessageRecord original = LogStore.map(rs).record();
                    copies.add(new QueueTransfer.Copy(queue, rs.getInt("partition"), original.withoutExpiryOrDelay()));
                    LOG.warn("Message {} at offset {} of partition {} of {} was delivered as often as its"
                                    + " destination allows; moving it to dead-letter queue {}", original.messageId(),
                            rs.getLong("log_offset"), rs.getInt("partition"), rs.getString("original_destination"),
                            queue);
                }
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("Taking the exhausted ones of " + records.size() + " released records", e);
        }
        return copies.isEmpty() ? Set.of() : transfer.append(handle, copies);
    }
}
