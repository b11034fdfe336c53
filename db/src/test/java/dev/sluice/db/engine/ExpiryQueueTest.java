package dev.sluice.db.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.log.Delivery;
import dev.sluice.db.log.Destination;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.log.LogStore;
import dev.sluice.db.log.MessageRecord;
import dev.sluice.db.log.RecordFilter;
import dev.sluice.db.log.StoredMessage;
import dev.sluice.db.log.Subscription;
import dev.sluice.db.maintenance.ExpiredMessageReaper;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Expired messages of a destination with an expiry queue: whether nobody read them, a claim found them expired, they
 * expired in a reader's buffer, or while a consumer held them, the reaper moves each unfinished one to the expiry
 * queue once, and nothing else.
 */
@ExtendWith(PostgresExtension.class)
class ExpiryQueueTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static Engine engine;
    private static ExpiredMessageReaper reaper;
    private static LogStore log;

    @BeforeAll
    static void open(TestDatabase db) {
        engine = Engine.open(DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user()).password(db.password())
                .build(), "expiry-test");
        reaper = new ExpiredMessageReaper(engine.database().jdbi());
        log = new LogStore(engine.database().jdbi());
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static Destination destination(DestinationKind kind, String name, String expiryQueue) {
        Destination destination = engine.destinations().create(kind, name, 1);
        engine.destinations().setExpiryQueue(destination.id(), expiryQueue);
        return destination;
    }

    /** Sends a message that expires {@code inMs} from now by the database's clock (negative: expired already). */
    private static void send(Destination destination, String body, long inMs) {
        long now = engine.clock().millis();
        engine.append(destination.id(), 0, new MessageRecord("ID:" + body, null, null, null, 4, true, now,
                inMs == 0 ? 0 : now + inMs, 0, null, "producer-1", "{\"n\": 1}", null, 1,
                body.getBytes(StandardCharsets.UTF_8))).join();
    }

    private static List<StoredMessage> messages(String queue) {
        return engine.destinations().find(DestinationKind.QUEUE, queue)
                .map(found -> log.read(found.id(), 0, 0, 100)).orElse(List.of());
    }

    private static String body(StoredMessage message) {
        return new String(message.record().body(), StandardCharsets.UTF_8);
    }

    private static Delivery take(SubscriptionReader reader) {
        Delivery[] next = {null};
        Await.until(() -> (next[0] = reader.poll()) != null, DEADLINE, () -> "nothing came");
        return next[0];
    }

    /** Sends a message expired already and one that never expires; a reader takes the second and acknowledges it. */
    private static void sendStaleAndFreshThenConsumeFresh(Destination queue, Subscription subscription,
                                                          ClaimFilter filter) {
        send(queue, "stale", -1_000);
        send(queue, "fresh", 0);
        try (SubscriptionReader reader = engine.openReader(subscription, 1, filter, 10, 30_000)) {
            Delivery fresh = take(reader);
            assertThat(body(fresh.message())).isEqualTo("fresh");
            engine.acknowledgeSoon(List.of(reader.held(fresh.message()))).join();
        }
    }

    private static void awaitExpiry() {
        long until = engine.clock().millis() + 300;
        Await.until(() -> engine.clock().millis() > until, DEADLINE, () -> "clock");
    }

    @Test
    void anExpiredMessageNobodyReadMovesToTheExpiryQueueWithItsOrigin() {
        Destination queue = destination(DestinationKind.QUEUE, "expiry.unread", "expiry.unread.expired");
        engine.subscriptions().queueSubscription(queue);
        send(queue, "stale", -1_000);
        send(queue, "fresh", 0);

        assertThat(reaper.reap()).isEqualTo(1);

        List<StoredMessage> moved = messages("expiry.unread.expired");
        assertThat(moved).hasSize(1);
        MessageRecord copy = moved.get(0).record();
        assertThat(body(moved.get(0))).isEqualTo("stale");
        assertThat(copy.messageId()).isEqualTo("ID:stale");
        assertThat(copy.expiresAt()).as("a moved message does not expire again").isZero();
        assertThat(copy.properties()).contains("\"n\": 1", "\"SluiceOriginalDestination\": \"queue://expiry.unread\"",
                "\"SluiceDeadLetterReason\": \"expired at ", "before it was consumed");
        assertThat(messages("expiry.unread")).extracting(ExpiryQueueTest::body).containsExactly("fresh");
        assertThat(reaper.reap()).as("moved once").isZero();
        assertThat(messages("expiry.unread.expired")).hasSize(1);
    }

    @Test
    void aClaimParksWhatExpiredAndDeliversTheRest() {
        Destination queue = destination(DestinationKind.QUEUE, "expiry.claimed", "expiry.claimed.expired");
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        sendStaleAndFreshThenConsumeFresh(queue, subscription, ClaimFilter.ALL);
        assertThat(reaper.reap()).isEqualTo(1);
        assertThat(messages("expiry.claimed.expired")).extracting(ExpiryQueueTest::body).containsExactly("stale");
        assertThat(inFlight(queue)).as("the parked record went with its message").isZero();
    }

    @Test
    void aSelectorJudgedInJavaParksWhatExpiredToo() {
        Destination queue = destination(DestinationKind.QUEUE, "expiry.java", "expiry.java.expired");
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        ClaimFilter judgedInJava = new ClaimFilter(null, message -> RecordFilter.Verdict.DELIVER, true, null);
        sendStaleAndFreshThenConsumeFresh(queue, subscription, judgedInJava);
        assertThat(reaper.reap()).isEqualTo(1);
        assertThat(messages("expiry.java.expired")).extracting(ExpiryQueueTest::body).containsExactly("stale");
    }

    @Test
    void aRecordThatExpiredInTheBufferIsParkedNotHandedOut() {
        Destination queue = destination(DestinationKind.QUEUE, "expiry.buffered", "expiry.buffered.expired");
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        send(queue, "first", 0);
        send(queue, "short-lived", 200);
        try (SubscriptionReader reader = engine.openReader(subscription, 1, ClaimFilter.ALL, 10, 30_000)) {
            Delivery first = take(reader);
            assertThat(body(first.message())).isEqualTo("first");
            awaitExpiry();
            assertThat(reader.poll()).as("the buffered record expired").isNull();
            engine.acknowledgeSoon(List.of(reader.held(first.message()))).join();
        }
        assertThat(reaper.reap()).isEqualTo(1);
        assertThat(messages("expiry.buffered.expired")).extracting(ExpiryQueueTest::body)
                .containsExactly("short-lived");
    }

    @Test
    void aMessageAConsumerHoldsWaitsForItAndMovesOnceReleased() {
        Destination queue = destination(DestinationKind.QUEUE, "expiry.held", "expiry.held.expired");
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        send(queue, "held", 200);
        try (SubscriptionReader reader = engine.openReader(subscription, 1, ClaimFilter.ALL, 10, 30_000)) {
            Delivery held = take(reader);
            awaitExpiry();
            assertThat(reaper.reap()).as("a live consumer holds it").isZero();
            assertThat(messages("expiry.held.expired")).isEmpty();
            engine.release(List.of(reader.held(held.message())), 0);
            assertThat(reader.poll()).as("expired: not delivered again").isNull();
        }
        assertThat(reaper.reap()).isEqualTo(1);
        assertThat(messages("expiry.held.expired")).extracting(ExpiryQueueTest::body).containsExactly("held");
    }

    @Test
    void aTopicMovesAMessageOnceIfSomeSubscriptionHadNotFinishedIt() {
        Destination topic = destination(DestinationKind.TOPIC, "expiry.topic", "expiry.topic.expired");
        Subscription done = engine.subscriptions().createIfAbsent(topic, "done", true, false, "c1", null, false,
                null);
        engine.subscriptions().createIfAbsent(topic, "behind", true, false, "c1", null, false, null);
        send(topic, "news", 300);
        try (SubscriptionReader reader = engine.openReader(done, 1, ClaimFilter.ALL, 10, 30_000)) {
            Delivery news = take(reader);
            engine.acknowledgeSoon(List.of(reader.held(news.message()))).join();
        }
        awaitExpiry();
        assertThat(reaper.reap()).isEqualTo(1);
        assertThat(messages("expiry.topic.expired")).extracting(ExpiryQueueTest::body).containsExactly("news");
        assertThat(messages("expiry.topic.expired").get(0).record().properties())
                .contains("\"SluiceOriginalDestination\": \"topic://expiry.topic\"");
    }

    @Test
    void withoutAnExpiryQueueExpiredMessagesAreDropped() {
        Destination queue = destination(DestinationKind.QUEUE, "expiry.none", null);
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        sendStaleAndFreshThenConsumeFresh(queue, subscription, ClaimFilter.ALL);
        assertThat(inFlight(queue)).as("passed, not parked").isZero();
        assertThat(reaper.reap()).isEqualTo(1);
        assertThat(engine.destinations().find(DestinationKind.QUEUE, "expiry.none.expired")).isEmpty();
    }

    private static long inFlight(Destination destination) {
        return engine.database().jdbi().withHandle(handle -> handle.createQuery(
                "select count(*) from sluice.delivery where destination_id = :d").bind("d", destination.id())
                .mapTo(Long.class).one());
    }
}
