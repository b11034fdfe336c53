package dev.sluice.db.log;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges acknowledgements from all consumers of this JVM into one statement and one commit (group commit, as
 * {@link GroupCommitAppender} does for sends). One batch is in flight at a time; acknowledgements arriving while it
 * commits form the next batch, so under load each commit carries many, and an idle consumer's acknowledgement is
 * written at once. The future of each request completes with the number of its records that were still held by
 * its consumer (fewer: a lease ran out and the record may be delivered again).
 *
 * <p>It serves AUTO_ACKNOWLEDGE and DUPS_OK_ACKNOWLEDGE, and commits with {@code synchronous_commit = off}: the
 * acknowledgement is visible to every consumer at once, but if PostgreSQL itself crashes before its next WAL flush
 * (a fraction of a second) the message is delivered again, which those modes allow (JMS 3.1 section 6.2.10).
 * CLIENT_ACKNOWLEDGE and transacted sessions acknowledge durably through {@link DeliveryStore}. Thread-safe.
 */
public final class GroupAcknowledger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupAcknowledger.class);
    private static final int MAX_RECORDS = 5_000;


    private final Jdbi jdbi;
    private final Queue<Request> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final ExecutorService writer;

    /** @param relaxed a Jdbi whose connections commit with {@code synchronous_commit = off} */
    public GroupAcknowledger(Jdbi relaxed, String owner) {
        this.jdbi = relaxed;
        this.writer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sluice-acknowledger | " + owner);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** One acknowledged record. */
    public record Acknowledgement(int destinationId, int partition, long subscriptionId, long offset) {
    }

    /** Queues the acknowledgement of {@code records} held by {@code consumerId}. */
    public CompletableFuture<Integer> acknowledge(List<Acknowledgement> records, String consumerId) {
        Request request = new Request(records, consumerId, new CompletableFuture<>());
        pending.add(request);
        if (writing.compareAndSet(false, true)) {
            writer.execute(this::drain);
        }
        return request.done;
    }

    private void drain() {
        while (true) {
            List<Request> batch = new ArrayList<>();
            int records = 0;
            Request next;
            while (records < MAX_RECORDS && (next = pending.poll()) != null) {
                batch.add(next);
                records += next.records.size();
            }
            if (batch.isEmpty()) {
                writing.set(false);
                if (pending.isEmpty() || !writing.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            write(batch, records);
        }
    }

    private void write(List<Request> batch, int size) {
        Integer[] destinations = new Integer[size];
        Integer[] partitions = new Integer[size];
        Long[] subscriptions = new Long[size];
        Long[] offsets = new Long[size];
        String[] consumers = new String[size];
        int i = 0;
        for (Request request : batch) {
            for (Acknowledgement record : request.records) {
                destinations[i] = record.destinationId();
                partitions[i] = record.partition();
                subscriptions[i] = record.subscriptionId();
                offsets[i] = record.offset();
                consumers[i] = request.consumerId;
                i++;
            }
        }
        try {
            Set<String> deleted = jdbi.withHandle(handle -> {
                Connection connection = handle.getConnection();
                try (PreparedStatement statement = connection.prepareStatement(DeliveryStore.ACKNOWLEDGE)) {
                    Array[] arrays = {connection.createArrayOf("int4", destinations),
                        connection.createArrayOf("int4", partitions), connection.createArrayOf("int8", subscriptions),
                        connection.createArrayOf("int8", offsets), connection.createArrayOf("text", consumers)};
                    for (int p = 0; p < arrays.length; p++) {
                        statement.setArray(p + 1, arrays[p]);
                    }
                    Set<String> keys = new HashSet<>();
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            keys.add(rs.getLong(1) + "/" + rs.getInt(2) + "/" + rs.getLong(3));
                        }
                    }
                    return keys;
                }
            });
            for (Request request : batch) {
                int held = 0;
                for (Acknowledgement record : request.records) {
                    if (deleted.contains(record.subscriptionId() + "/" + record.partition() + "/" + record.offset())) {
                        held++;
                    }
                }
                request.done.complete(held);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Acknowledging {} records failed", size, e);
            for (Request request : batch) {
                request.done.completeExceptionally(e);
            }
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            writer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private record Request(List<Acknowledgement> records, String consumerId, CompletableFuture<Integer> done) {
    }
}
