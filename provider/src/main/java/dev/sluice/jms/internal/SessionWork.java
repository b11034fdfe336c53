package dev.sluice.jms.internal;

import dev.sluice.db.log.DeliveryStore;
import dev.sluice.db.log.DestinationNotFoundException;
import dev.sluice.db.log.LogStore;
import dev.sluice.db.log.MessageRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * What a session has done since its last commit, acknowledge or rollback: records handed to the application and
 * not acknowledged, and (transacted) messages sent but not yet written. Writing it happens in one database
 * transaction, so a transacted session's sends and receives commit together or not at all. Confined to its
 * session (callers hold the session's lock).
 */
final class SessionWork {

    private final List<InFlight> delivered = new ArrayList<>();
    private final List<PendingSend> sends = new ArrayList<>();

    void delivered(InFlight record) {
        delivered.add(record);
    }

    void sent(PendingSend send) {
        sends.add(send);
    }

    /** Drops the delivered records of a subscription that no longer exists (its consumer closed). */
    void forget(long subscriptionId) {
        delivered.removeIf(record -> record.subscription().id() == subscriptionId);
    }

    /** Drops one delivered record (it was handed back to its consumer's buffer). */
    void forget(long subscriptionId, int partition, long offset) {
        delivered.removeIf(record -> record.subscription().id() == subscriptionId && record.partition() == partition
                && record.offset() == offset);
    }

    boolean isEmpty() {
        return delivered.isEmpty() && sends.isEmpty();
    }

    List<InFlight> deliveredRecords() {
        return List.copyOf(delivered);
    }

    void clear() {
        delivered.clear();
        sends.clear();
    }

    /**
     * Appends the pending sends and acknowledges the delivered records inside {@code handle}'s transaction.
     *
     * @return the number of records whose lease this connection no longer held (0 when all is well)
     */
    int write(Handle handle, LogStore log, DeliveryStore deliveries, String consumerId) {
        Map<Long, List<MessageRecord>> byPartition = new LinkedHashMap<>();
        for (PendingSend send : sends) {
            byPartition.computeIfAbsent(LogStore.partitionKey(send.destinationId(), send.partition()),
                    k -> new ArrayList<>())
                    .add(send.record());
        }
        if (!byPartition.isEmpty()) {
            List<LogStore.PartitionBatch> batches = new ArrayList<>();
            byPartition.forEach((key, records) -> batches.add(new LogStore.PartitionBatch((int) (key >>> 32),
                    (int) (long) key, records)));
            long[] firstOffsets = log.appendAll(handle, batches);
            for (int i = 0; i < firstOffsets.length; i++) {
                if (firstOffsets[i] < 0) {
                    throw new DestinationNotFoundException("Destination " + batches.get(i).destinationId()
                            + " was deleted before the transaction committed");
                }
            }
        }
        return acknowledge(handle, deliveries, delivered, consumerId);
    }

    /** Acknowledges {@code records}, grouped by subscription and partition; returns how many were not held. */
    static int acknowledge(Handle handle, DeliveryStore deliveries, List<InFlight> records, String consumerId) {
        int missing = 0;
        for (Map.Entry<String, List<InFlight>> group : group(records).entrySet()) {
            InFlight first = group.getValue().get(0);
            long[] offsets = group.getValue().stream().mapToLong(InFlight::offset).toArray();
            int acknowledged = deliveries.acknowledge(handle, first.subscription().id(),
                    first.subscription().destinationId(), first.partition(), offsets, consumerId);
            missing += offsets.length - acknowledged;
        }
        return missing;
    }

    /** Makes {@code records} available again for redelivery. */
    static void release(Handle handle, DeliveryStore deliveries, List<InFlight> records, String consumerId) {
        for (List<InFlight> group : group(records).values()) {
            InFlight first = group.get(0);
            long[] offsets = group.stream().mapToLong(InFlight::offset).toArray();
            deliveries.release(handle, first.subscription().id(), first.subscription().destinationId(),
                    first.partition(), offsets, consumerId);
        }
    }

    private static Map<String, List<InFlight>> group(List<InFlight> records) {
        Map<String, List<InFlight>> groups = new LinkedHashMap<>();
        for (InFlight record : records) {
            groups.computeIfAbsent(record.subscription().id() + "/" + record.partition(), k -> new ArrayList<>())
                    .add(record);
        }
        return groups;
    }
}
