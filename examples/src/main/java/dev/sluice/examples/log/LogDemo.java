package dev.sluice.examples.log;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.log.Destination;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.log.DestinationStore;
import dev.sluice.db.log.LogStore;
import dev.sluice.db.log.MessageRecord;
import dev.sluice.db.log.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts Sluice's embedded PostgreSQL (data in {@code ./sluice-data} or the folder given as argument), creates a
 * queue, appends a few messages to its partitions and reads them back, printing each step.
 */
public final class LogDemo {

    private LogDemo() {
    }

    public static void main(String[] args) {
        Path dataDir = Path.of(args.length > 0 ? args[0] : "sluice-data");
        System.out.println("Starting embedded PostgreSQL with data in " + dataDir.toAbsolutePath());
        try (Database database = Database.open(DatabaseConfig.builder().embedded(dataDir, 0).build())) {
            System.out.println("Connected: " + database.jdbcUrl() + " (schema migrated)");
            DestinationStore destinations = new DestinationStore(database.jdbi());
            LogStore log = new LogStore(database.jdbi());
            Destination queue = destinations.createIfAbsent(DestinationKind.QUEUE, "demo.orders", 2);
            System.out.println("Queue '" + queue.name() + "' has " + queue.partitionCount() + " partitions");

            for (int partition = 0; partition < queue.partitionCount(); partition++) {
                List<MessageRecord> batch = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    String body = "order " + (partition * 3 + i);
                    batch.add(new MessageRecord("ID:demo-" + System.nanoTime(), null, null, null, 4, true,
                            System.currentTimeMillis(), 0, 0, null, "log-demo",
                            "{\"orderId\": " + (partition * 3 + i) + "}", null, 1,
                            body.getBytes(StandardCharsets.UTF_8)));
                }
                long first = log.append(queue.id(), partition, batch);
                System.out.printf("Appended %d messages to partition %d at offsets %d..%d%n", batch.size(), partition,
                        first, first + batch.size() - 1);
            }
            for (int partition = 0; partition < queue.partitionCount(); partition++) {
                long next = log.nextOffset(queue.id(), partition);
                List<StoredMessage> tail = log.read(queue.id(), partition, Math.max(0, next - 3), 3);
                for (StoredMessage message : tail) {
                    System.out.printf("  partition %d offset %d: %s %s%n", partition, message.offset(),
                            new String(message.record().body(), StandardCharsets.UTF_8),
                            message.record().properties());
                }
            }
            System.out.println("Done: the messages stay in " + dataDir.toAbsolutePath()
                    + "; run again and the offsets continue.");
        }
    }
}
