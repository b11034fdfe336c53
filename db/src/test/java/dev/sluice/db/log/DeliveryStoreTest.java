package dev.sluice.db.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class DeliveryStoreTest {

    private static final long LEASE = 60_000;
    private static Database database;
    private static DestinationStore destinations;
    private static SubscriptionStore subscriptions;
    private static DeliveryStore deliveries;
    private static LogStore log;

    @BeforeAll
    static void open(TestDatabase db) {
        database = Database.open(DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user())
                .password(db.password()).build());
        destinations = new DestinationStore(database.jdbi());
        subscriptions = new SubscriptionStore(database.jdbi());
        deliveries = new DeliveryStore(database.jdbi());
        log = new LogStore(database.jdbi());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static List<String> bodies(List<Delivery> acquired) {
        return acquired.stream().map(d -> TestMessages.body(d.message())).toList();
    }

    private static long[] offsets(List<Delivery> acquired) {
        return acquired.stream().mapToLong(d -> d.message().offset()).toArray();
    }

    @Test
    void competingConsumersGetDisjointRecordsAndAckedOnesAreGone() {
        Destination queue = destinations.create(DestinationKind.QUEUE, "compete", 1);
        Subscription subscription = subscriptions.queueSubscription(queue);
        log.append(queue.id(), 0, List.of(TestMessages.text("a"), TestMessages.text("b"), TestMessages.text("c")));

        List<Delivery> first = deliveries.acquire(subscription, 0, "c1", 2, LEASE, RecordFilter.DELIVER_ALL);
        List<Delivery> second = deliveries.acquire(subscription, 0, "c2", 2, LEASE, RecordFilter.DELIVER_ALL);
        assertEquals(List.of("a", "b"), bodies(first));
        assertEquals(List.of("c"), bodies(second));
        assertThat(first).extracting(Delivery::deliveryCount).containsOnly(1);

        assertEquals(2, deliveries.acknowledge(subscription.id(), queue.id(), 0, offsets(first), "c1"));
        assertEquals(0, deliveries.acknowledge(subscription.id(), queue.id(), 0, offsets(second), "c1"),
                "a consumer cannot acknowledge what another holds");
        assertThat(deliveries.acquire(subscription, 0, "c3", 10, LEASE, RecordFilter.DELIVER_ALL)).isEmpty();
    }

    @Test
    void aJavaJudgedAcquisitionStaysWithinItsByteBudgetButAlwaysTakesOneRecord() {
        Destination queue = destinations.create(DestinationKind.QUEUE, "budget", 1);
        Subscription subscription = subscriptions.queueSubscription(queue);
        String kilobyte = "x".repeat(1_000);
        log.append(queue.id(), 0, List.of(TestMessages.text("1" + kilobyte), TestMessages.text("2" + kilobyte),
                TestMessages.text("3" + kilobyte), TestMessages.text("4" + kilobyte)));

        List<Delivery> two = deliveries.acquire(subscription, 0, "c1", 10, LEASE, RecordFilter.DELIVER_ALL, 2_500);
        assertEquals(List.of("1" + kilobyte, "2" + kilobyte), bodies(two), "bodies are read for what is taken");
        List<Delivery> one = deliveries.acquire(subscription, 0, "c1", 10, LEASE, RecordFilter.DELIVER_ALL, 10);
        assertEquals(List.of("3" + kilobyte), bodies(one), "the first record whatever its size, then the next one");
        deliveries.release(subscription.id(), queue.id(), 0, offsets(two), "c1");
        List<Delivery> again = deliveries.acquire(subscription, 0, "c2", 10, LEASE, RecordFilter.DELIVER_ALL, 1_500);
        assertEquals(List.of("1" + kilobyte), bodies(again), "redeliveries are within the budget too");
    }

    @Test
    void releasedRecordsAreRedeliveredFirstWithHigherCount() {
        Destination queue = destinations.create(DestinationKind.QUEUE, "release", 1);
        Subscription subscription = subscriptions.queueSubscription(queue);
        log.append(queue.id(), 0, List.of(TestMessages.text("a"), TestMessages.text("b")));
        List<Delivery> taken = deliveries.acquire(subscription, 0, "c1", 1, LEASE, RecordFilter.DELIVER_ALL);
        assertEquals(1, deliveries.release(subscription.id(), queue.id(), 0, offsets(taken), "c1"));

        List<Delivery> again = deliveries.acquire(subscription, 0, "c2", 5, LEASE, RecordFilter.DELIVER_ALL);
        assertEquals(List.of("a", "b"), bodies(again));
        assertEquals(List.of(2, 1), again.stream().map(Delivery::deliveryCount).toList());
    }

    @Test
    void expiredLeaseMakesRecordsAvailableToOthers() {
        Destination queue = destinations.create(DestinationKind.QUEUE, "lease", 1);
        Subscription subscription = subscriptions.queueSubscription(queue);
        log.append(queue.id(), 0, List.of(TestMessages.text("a")));
        assertEquals(1, deliveries.acquire(subscription, 0, "dead", 5, 200, RecordFilter.DELIVER_ALL).size());
        Await.until(() -> !deliveries.acquire(subscription, 0, "alive", 5, LEASE, RecordFilter.DELIVER_ALL).isEmpty(),
                Duration.ofSeconds(10), () -> "record of a dead consumer never came back");
    }

    @Test
    void queueSelectorLeavesNonMatchingRecordsForOthersAndTopicSelectorSkipsThem() {
        Destination queue = destinations.create(DestinationKind.QUEUE, "selective", 1);
        Subscription subscription = subscriptions.queueSubscription(queue);
        log.append(queue.id(), 0, List.of(TestMessages.text("red"), TestMessages.text("blue"),
                TestMessages.text("red")));
        // a Java-judged filter sees headers and properties, not the body (its property k repeats the body here)
        RecordFilter onlyBlue = message -> message.record().properties().contains("\"blue\"")
                ? RecordFilter.Verdict.DELIVER : RecordFilter.Verdict.LEAVE;
        assertEquals(List.of("blue"), bodies(deliveries.acquire(subscription, 0, "c1", 5, LEASE, onlyBlue)));
        assertEquals(List.of("red", "red"),
                bodies(deliveries.acquire(subscription, 0, "c2", 5, LEASE, RecordFilter.DELIVER_ALL)));

        Destination topic = destinations.create(DestinationKind.TOPIC, "selective", 1);
        Subscription sub = subscriptions.createIfAbsent(topic, "s1", false, false, null, null, false, null);
        log.append(topic.id(), 0, List.of(TestMessages.text("red"), TestMessages.text("blue")));
        RecordFilter skipRed = message -> message.record().properties().contains("\"blue\"")
                ? RecordFilter.Verdict.DELIVER : RecordFilter.Verdict.SKIP;
        assertEquals(List.of("blue"), bodies(deliveries.acquire(sub, 0, "c1", 5, LEASE, skipRed)));
        assertThat(deliveries.acquire(sub, 0, "c1", 5, LEASE, RecordFilter.DELIVER_ALL)).isEmpty();
    }

    @Test
    void subscriptionStartsAtTheEndAndExpiredOrDelayedRecordsWait() {
        Destination topic = destinations.create(DestinationKind.TOPIC, "timing", 1);
        log.append(topic.id(), 0, List.of(TestMessages.text("before")));
        Subscription sub = subscriptions.createIfAbsent(topic, "late", true, false, "client", null, false, null);
        long now = System.currentTimeMillis();
        MessageRecord base = TestMessages.text("x");
        MessageRecord expired = new MessageRecord("ID:e", null, null, null, 4, true, now, now - 1, 0, null, null,
                null, null, 1, "expired".getBytes());
        MessageRecord delayed = new MessageRecord("ID:d", null, null, null, 4, true, now, 0, now + 300, null, null,
                null, null, 1, "delayed".getBytes());
        log.append(topic.id(), 0, List.of(expired, delayed, base));

        assertEquals(List.of("x"), bodies(deliveries.acquire(sub, 0, "c", 5, LEASE, RecordFilter.DELIVER_ALL)));
        Await.until(() -> !deliveries.acquire(sub, 0, "c", 5, LEASE, RecordFilter.DELIVER_ALL).isEmpty(),
                Duration.ofSeconds(10), () -> "delayed message never became available");
    }
}
