package dev.sluice.db.log;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Appends copies of messages to queues named by the destination they leave (its dead-letter or expiry queue),
 * inside the caller's transaction; a queue that does not exist yet is created first, with one partition, so that
 * the copies keep the order they arrived in. The messages of one source partition go to one partition of the
 * target, in order. Thread-safe.
 */
public final class QueueTransfer {

    private static final int CREATED_PARTITIONS = 1;

    /** One message to append to {@code queue}; {@code sourcePartition} is the partition it leaves. */
    public record Copy(String queue, int sourcePartition, MessageRecord record) {
    }

    private final DestinationStore destinations;
    private final LogStore log;

    public QueueTransfer(DestinationStore destinations, LogStore log) {
        this.destinations = destinations;
        this.log = log;
    }

    /** Appends every copy; returns the ids of the queues appended to. */
    public Set<Integer> append(Handle handle, List<Copy> copies) {
        Map<String, Map<Integer, List<MessageRecord>>> byQueue = new LinkedHashMap<>();
        for (Copy copy : copies) {
            byQueue.computeIfAbsent(copy.queue(), q -> new LinkedHashMap<>())
                    .computeIfAbsent(copy.sourcePartition(), p -> new ArrayList<>()).add(copy.record());
        }
        List<LogStore.PartitionBatch> batches = new ArrayList<>();
        Set<Integer> appendedTo = new HashSet<>();
        for (Map.Entry<String, Map<Integer, List<MessageRecord>>> queue : byQueue.entrySet()) {
            Destination target = destinations.createIfAbsent(DestinationKind.QUEUE, queue.getKey(),
                    CREATED_PARTITIONS);
            appendedTo.add(target.id());
            Map<Integer, List<MessageRecord>> byTargetPartition = new LinkedHashMap<>();
            queue.getValue().forEach((source, records) -> byTargetPartition.computeIfAbsent(
                    Math.floorMod(source, target.partitionCount()), p -> new ArrayList<>()).addAll(records));
            byTargetPartition.forEach((partition, records) -> batches.add(new LogStore.PartitionBatch(target.id(),
                    partition, records)));
        }
        for (long first : log.appendAll(handle, batches)) {
            if (first < 0) {
                throw new DestinationNotFoundException("A queue was deleted while messages were moved to it");
            }
        }
        return appendedTo;
    }
}
