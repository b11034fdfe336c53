package dev.sluice.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.log.Destination;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.log.DestinationStore;
import dev.sluice.db.log.LogStore;
import dev.sluice.db.log.MessageRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server keeps its data in the folder it was given: stop, start again, read back. {@link Database#open}
 * without a URL finds it through the service loader, and it comes up migrated.
 */
class EmbeddedRestartTest {

    @Test
    void messagesSurviveARestartOnTheSameDataFolder(@TempDir Path dataDir) {
        MessageRecord record = new MessageRecord("ID:1", "corr", "type", null, 7, true, 1_700_000_000_000L, 0, 0,
                null, null, "{\"orderId\": 42}", null, 1, "kept".getBytes(StandardCharsets.UTF_8));
        int destinationId;
        try (Database first = Database.open(DatabaseConfig.builder().embedded(dataDir, 0).build())) {
            Destination queue = new DestinationStore(first.jdbi()).create(DestinationKind.QUEUE, "durable", 2);
            destinationId = queue.id();
            new LogStore(first.jdbi()).append(queue.id(), 1, List.of(record, record));
        }
        try (Database second = Database.open(DatabaseConfig.builder().embedded(dataDir, 0).build())) {
            var read = new LogStore(second.jdbi()).read(destinationId, 1, 0, 10);
            assertEquals(2, read.size());
            assertEquals("kept", new String(read.get(1).record().body(), StandardCharsets.UTF_8));
            assertEquals("{\"orderId\": 42}", read.get(1).record().properties());
            assertEquals(7, read.get(0).record().priority());
            assertEquals(2, new LogStore(second.jdbi()).nextOffset(destinationId, 1));
        }
    }
}
