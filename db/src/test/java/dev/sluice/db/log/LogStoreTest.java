package dev.sluice.db.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class LogStoreTest {

    private static Database database;
    private static DestinationStore destinations;
    private static LogStore log;

    @BeforeAll
    static void open(TestDatabase db) {
        database = Database.open(DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user())
                .password(db.password()).build());
        destinations = new DestinationStore(database.jdbi());
        log = new LogStore(database.jdbi());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void appendedBatchGetsConsecutiveOffsetsAndReadsBackInOrder() {
        Destination queue = destinations.create(DestinationKind.QUEUE, "orders.eu-west.v2", 3);
        long first = log.append(queue.id(), 1, List.of(TestMessages.text("a"), TestMessages.text("b")));
        long second = log.append(queue.id(), 1, List.of(TestMessages.text("c")));

        assertEquals(0, first);
        assertEquals(2, second);
        List<StoredMessage> read = log.read(queue.id(), 1, 0, 10);
        assertEquals(List.of("a", "b", "c"), read.stream().map(TestMessages::body).toList());
        assertEquals(List.of(0L, 1L, 2L), read.stream().map(StoredMessage::offset).toList());
        assertEquals("{\"k\": \"b\"}", read.get(1).record().properties());
        assertEquals(List.of("c"), log.read(queue.id(), 1, 2, 10).stream().map(TestMessages::body).toList());
        assertTrue(log.read(queue.id(), 0, 0, 10).isEmpty(), "other partitions stay empty");
        assertEquals(3, log.nextOffset(queue.id(), 1));
    }

    @Test
    void largeBatchIsOneAppend() {
        Destination topic = destinations.create(DestinationKind.TOPIC, "logs/web", 1);
        List<MessageRecord> batch = IntStream.range(0, 1000).mapToObj(i -> TestMessages.text("m" + i)).toList();
        assertEquals(0, log.append(topic.id(), 0, batch));
        List<StoredMessage> read = log.read(topic.id(), 0, 990, 100);
        assertEquals(10, read.size());
        assertEquals("m999", TestMessages.body(read.get(9)));
    }

    @Test
    void destinationsAreCreatedListedAndDeleted() {
        destinations.create(DestinationKind.QUEUE, "billing", 2);
        assertThrows(DestinationExistsException.class,
                () -> destinations.create(DestinationKind.QUEUE, "billing", 2));
        Destination sameNameTopic = destinations.create(DestinationKind.TOPIC, "billing", 5);
        assertEquals(5, sameNameTopic.partitionCount());
        assertEquals(destinations.find(DestinationKind.QUEUE, "billing").orElseThrow(),
                destinations.createIfAbsent(DestinationKind.QUEUE, "billing", 9));
        assertThat(destinations.list(DestinationKind.QUEUE)).extracting(Destination::name).contains("billing");

        Destination billing = destinations.find(DestinationKind.QUEUE, "billing").orElseThrow();
        log.append(billing.id(), 0, List.of(TestMessages.text("x")));
        destinations.delete(DestinationKind.QUEUE, "billing");
        assertTrue(destinations.find(DestinationKind.QUEUE, "billing").isEmpty());
        assertTrue(log.read(billing.id(), 0, 0, 10).isEmpty(), "messages go with their destination");
        DestinationNotFoundException missing = assertThrows(DestinationNotFoundException.class,
                () -> destinations.delete(DestinationKind.QUEUE, "billing"));
        assertThat(missing).hasMessageContaining("'billing'");
    }

    @Test
    void badNamesAndPartitionsAreRejectedWithTheReason() {
        InvalidDestinationNameException spaces = assertThrows(InvalidDestinationNameException.class,
                () -> destinations.create(DestinationKind.QUEUE, "has space", 1));
        assertThat(spaces).hasMessageContaining("'has space'").hasMessageContaining("only ASCII letters");
        assertThat(assertThrows(InvalidDestinationNameException.class,
                () -> destinations.create(DestinationKind.QUEUE, "bestellungen.größe", 1)))
                .hasMessageContaining("only ASCII letters (A-Z, a-z)");
        InvalidDestinationNameException tooLong = assertThrows(InvalidDestinationNameException.class,
                () -> destinations.create(DestinationKind.QUEUE, "x".repeat(5000), 1));
        assertThat(tooLong.getMessage()).as("an over-long name is not echoed in full").hasSizeLessThan(200)
                .contains("(5000 characters)", "longer than 249");
        assertThrows(InvalidDestinationNameException.class, () -> destinations.create(DestinationKind.QUEUE, "", 1));
        IllegalArgumentException partitions = assertThrows(IllegalArgumentException.class,
                () -> destinations.create(DestinationKind.QUEUE, "zero", 0));
        assertThat(partitions).hasMessageContaining("'zero'");
    }

    @Test
    void appendToMissingPartitionNamesIt() {
        Destination queue = destinations.create(DestinationKind.QUEUE, "small", 1);
        DestinationNotFoundException error = assertThrows(DestinationNotFoundException.class,
                () -> log.append(queue.id(), 7, List.of(TestMessages.text("x"))));
        assertThat(error).hasMessageContaining("partition 7");
    }
}
