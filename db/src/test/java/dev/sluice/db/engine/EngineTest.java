package dev.sluice.db.engine;

import static org.assertj.core.api.Assertions.assertThat;


import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.log.Delivery;
import dev.sluice.db.log.Destination;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.log.DestinationListeners;
import dev.sluice.db.log.LogStore;
import dev.sluice.db.log.MessageRecord;
import dev.sluice.db.log.RedeliveryPolicy;
import dev.sluice.db.log.StoredMessage;
import dev.sluice.db.log.Subscription;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** The delivery engine on its own, without JMS: claims, acknowledgements, leases, selective claims, units of work. */
@ExtendWith(PostgresExtension.class)
class EngineTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static DatabaseConfig config;
    private static Engine engine;

    @BeforeAll
    static void open(TestDatabase db) {
        config = DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user()).password(db.password()).build();
        engine = Engine.open(config, "engine-test");
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static MessageRecord record(String body, String propertiesJson) {
        return new MessageRecord("ID:" + body, null, null, null, 4, true, System.currentTimeMillis(), 0, 0, null,
                "producer-1", propertiesJson, null, 1, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(Delivery delivery) {
        return new String(delivery.message().record().body(), StandardCharsets.UTF_8);
    }

    private static void send(Engine through, Destination destination, int partition, MessageRecord record) {
        through.append(destination.id(), partition, record).join();
    }

    /** Polls until {@code count} records came or the deadline passed; acknowledges each at once. */
    private static List<Delivery> take(Engine through, SubscriptionReader reader, String who, int count) {
        List<Delivery> taken = new ArrayList<>();
        Await.until(() -> {
            Delivery next;
            while (taken.size() < count && (next = reader.poll()) != null) {
                taken.add(next);
                through.acknowledgeSoon(List.of(reader.held(next.message()))).join();
            }
            return taken.size() >= count;
        }, DEADLINE, () -> who + " took " + taken.size() + " of " + count);
        return taken;
    }

    @Test
    void competingReadersOnSeveralEnginesClaimEachRecordOnce() throws Exception {
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "engine.compete", 4);
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        int total = 2_000;
        List<Engine> engines = List.of(Engine.open(config, "engine-a"), Engine.open(config, "engine-b"));
        ExecutorService readers = Executors.newFixedThreadPool(4);
        Set<String> received = ConcurrentHashMap.newKeySet();
        List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                Engine through = engines.get(r % 2);
                running.add(readers.submit(() -> {
                    try (SubscriptionReader reader = through.openReader(subscription, 4, ClaimFilter.ALL, 50,
                            30_000)) {
                        long deadline = System.nanoTime() + DEADLINE.toNanos();
                        while (received.size() < total && System.nanoTime() < deadline) {
                            long seen = reader.waker().version();
                            Delivery next = reader.poll();
                            if (next == null) {
                                reader.waker().await(seen, 100);
                                continue;
                            }
                            if (!received.add(body(next))) {
                                duplicates.add(body(next));
                            }
                            through.acknowledgeSoon(List.of(reader.held(next.message()))).join();
                        }
                    }
                    return null;
                }));
            }
            for (int i = 0; i < total; i++) {
                send(engine, queue, i % 4, record("m" + i, null));
            }
            for (Future<?> reader : running) {
                reader.get(60, TimeUnit.SECONDS);
            }
        } finally {
            readers.shutdownNow();
            engines.forEach(Engine::close);
        }
        assertThat(duplicates).isEmpty();
        assertThat(received).hasSize(total);
        long inFlight = engine.database().jdbi().withHandle(handle -> handle.select(
                "select count(*) from sluice.delivery where destination_id = ?", queue.id()).mapTo(Long.class).one());
        assertThat(inFlight).as("every record acknowledged").isZero();
    }

    @Test
    void recordsOfAKilledHolderAreClaimedAgainWithARaisedCountOnceTheLeaseRanOut() {
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "engine.lease", 1);
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        send(engine, queue, 0, record("leased", null));
        Engine dyingEngine = Engine.open(config, "engine-dying");
        SubscriptionReader dying = dyingEngine.openReader(subscription, 1, ClaimFilter.ALL, 10, 300);
        List<Delivery> first = new ArrayList<>();
        Await.until(() -> {
            Delivery next = dying.poll();
            return next != null && first.add(next);
        }, DEADLINE, () -> "the first holder got nothing");
        assertThat(first.get(0).deliveryCount()).isEqualTo(1);
        dyingEngine.crash();

        try (SubscriptionReader survivor = engine.openReader(subscription, 1, ClaimFilter.ALL, 10, 30_000)) {
            List<Delivery> again = take(engine, survivor, "survivor", 1);
            assertThat(body(again.get(0))).isEqualTo("leased");
            assertThat(again.get(0).deliveryCount()).isEqualTo(2);
        }
    }

    @Test
    void aLiveEngineRenewsTheLeasesOfWhatItHolds() {
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "engine.renew", 1);
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        send(engine, queue, 0, record("kept", null));
        try (Engine other = Engine.open(config, "engine-other");
             SubscriptionReader holding = engine.openReader(subscription, 1, ClaimFilter.ALL, 10, 300);
             SubscriptionReader competing = other.openReader(subscription, 1, ClaimFilter.ALL, 10, 300)) {
            List<Delivery> held = new ArrayList<>();
            Await.until(() -> {
                Delivery next = holding.poll();
                return next != null && held.add(next);
            }, DEADLINE, () -> "nothing to hold");
            long heldSince = System.nanoTime();
            List<Delivery> stolen = new ArrayList<>();
            // Ten leases long, the other engine keeps claiming; the record must stay where it is.
            Await.until(() -> {
                Delivery next = competing.poll();
                if (next != null) {
                    stolen.add(next);
                }
                return !stolen.isEmpty() || System.nanoTime() - heldSince > Duration.ofMillis(3_000).toNanos();
            }, DEADLINE, () -> "the competing reader neither stole nor finished");
            assertThat(stolen).as("redelivered while its holder lives").isEmpty();
            assertThat(engine.acknowledge(List.of(holding.held(held.get(0).message())))).isZero();
        }
    }

    @Test
    void readersOfOneEngineShareWhatItClaims() {
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "engine.shared", 2);
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        for (int i = 0; i < 10; i++) {
            send(engine, queue, i % 2, record("s" + i, null));
        }
        try (SubscriptionReader first = engine.openReader(subscription, 2, ClaimFilter.ALL, 100, 30_000);
             SubscriptionReader second = engine.openReader(subscription, 2, ClaimFilter.ALL, 100, 30_000)) {
            List<Delivery> one = take(engine, first, "first", 1);
            assertThat(engine.heldCount()).as("one claim took all ten for both readers").isEqualTo(9);
            List<Delivery> rest = take(engine, second, "second", 9);
            Set<String> bodies = new HashSet<>();
            one.forEach(d -> bodies.add(body(d)));
            rest.forEach(d -> bodies.add(body(d)));
            assertThat(bodies).hasSize(10);
        }
    }

    @Test
    void aClaimStaysWithinItsByteBudgetButAlwaysTakesOneRecord() {
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "engine.bytes", 1);
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        String body = "x".repeat(600);
        for (int i = 0; i < 6; i++) {
            send(engine, queue, 0, record(i + body, null));
        }
        String huge = "h".repeat(5_000);
        send(engine, queue, 0, record(huge, null));
        send(engine, queue, 0, record("after the huge one", null));
        try (SubscriptionReader reader = engine.openReader(subscription, 1, ClaimFilter.ALL,
                new Prefetch(100, 1_000), 30_000)) {
            List<Delivery> first = take(engine, reader, "bytes", 1);
            assertThat(engine.heldCount()).as("600 + 600 bytes reach the 1,000-byte budget: two per claim")
                    .isEqualTo(1);
            List<Delivery> rest = take(engine, reader, "bytes", 7);
            assertThat(body(rest.get(5))).as("a record larger than the budget still comes, alone").isEqualTo(huge);
            assertThat(body(rest.get(6))).isEqualTo("after the huge one");
            assertThat(body(first.get(0))).startsWith("0x");
        }
    }

    @Test
    void oneClaimTakesTheWholePrefetchFromThePartitionThatHasRecords() {
        // A sending session sticks to one partition: a claim must not stop at a quarter of its prefetch there.
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "engine.sticky", 4);
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        for (int i = 0; i < 20; i++) {
            send(engine, queue, 3, record("p3-" + i, null));
        }
        send(engine, queue, 1, record("p1-0", null));
        send(engine, queue, 1, record("p1-1", null));
        long claimsBefore = engine.claimsMade();
        try (SubscriptionReader reader = engine.openReader(subscription, 4, ClaimFilter.ALL, 16, 30_000)) {
            List<Delivery> first = take(engine, reader, "sticky", 1);
            assertThat(engine.claimsMade() - claimsBefore).isEqualTo(1);
            assertThat(engine.heldCount()).as("16 claimed at once (2 of partition 1, 14 of partition 3), 1 taken")
                    .isEqualTo(15);
            List<Delivery> all = new ArrayList<>(first);
            all.addAll(take(engine, reader, "sticky", 21));
            assertThat(all.stream().map(EngineTest::body).filter(b -> b.startsWith("p3-")).toList())
                    .as("each partition in offset order")
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "p3-" + i)
                            .toList());
            assertThat(all).hasSize(22);
        }
    }

    @Test
    void theNextRecordsAreClaimedAheadOnceReadersTookHalfThePrefetch() {
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "engine.claim-ahead", 1);
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        for (int i = 0; i < 30; i++) {
            send(engine, queue, 0, record("ahead-" + i, null));
        }
        long claimsBefore = engine.claimsMade();
        try (SubscriptionReader reader = engine.openReader(subscription, 1, ClaimFilter.ALL, 10, 30_000)) {
            List<Delivery> taken = new ArrayList<>(take(engine, reader, "ahead", 5));
            // 5 taken of 10 claimed: the next 5 are claimed in the background, though the buffer never ran dry
            Await.until(() -> engine.claimsMade() - claimsBefore == 2 && engine.heldCount() == 10, DEADLINE,
                    () -> (engine.claimsMade() - claimsBefore) + " claims, " + engine.heldCount() + " held");
            taken.addAll(take(engine, reader, "ahead", 25));
            assertThat(taken.stream().map(EngineTest::body).toList()).as("in offset order, each once")
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 30).mapToObj(i -> "ahead-" + i)
                            .toList());
        }
    }

    @Test
    void recordsThatALostClaimMayHaveHandedOutAreFlaggedRedeliveredAfterACrash() {
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "engine.crash", 1);
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        for (int i = 0; i < 3; i++) {
            send(engine, queue, 0, record("before-" + i, null));
        }
        try (SubscriptionReader reader = engine.openReader(subscription, 1, ClaimFilter.ALL, 1, 30_000)) {
            List<Delivery> first = take(engine, reader, "first", 1);
            assertThat(first.get(0).deliveryCount()).isEqualTo(1);
        }
        // As if PostgreSQL had crashed after claims it did not flush: the cursor is back at offset 1 (the claim of
        // "before-1" lost) on a server incarnation other than the one of the last claim.
        engine.database().jdbi().useHandle(handle -> handle.execute("update sluice.subscription_cursor"
                + " set fetch_offset = 1, claimed_on = 'an earlier incarnation' where subscription_id = ?",
                subscription.id()));
        for (int i = 0; i < 2; i++) {
            send(engine, queue, 0, record("after-" + i, null));
        }
        long bound = engine.database().jdbi().withHandle(handle -> handle.select(
                "select suspect_until from sluice.subscription_cursor where subscription_id = ?",
                subscription.id()).mapTo(Long.class).one());
        assertThat(bound).as("the durable bound of what was claimed").isGreaterThanOrEqualTo(5);
        try (SubscriptionReader reader = engine.openReader(subscription, 1, ClaimFilter.ALL, 10, 30_000)) {
            List<Delivery> again = take(engine, reader, "again", 4);
            assertThat(again).extracting(EngineTest::body)
                    .containsExactly("before-1", "before-2", "after-0", "after-1");
            assertThat(again).extracting(Delivery::deliveryCount).as("all below the bound may have been handed out")
                    .containsOnly(2);
        }
        send(engine, queue, 0, record("later", null));
        try (SubscriptionReader reader = engine.openReader(subscription, 1, ClaimFilter.ALL, 10, 30_000)) {
            List<Delivery> later = take(engine, reader, "later", 1);
            assertThat(later.get(0).deliveryCount()).as("claims on this incarnation are trusted again")
                    .isEqualTo(1);
        }
    }

    @Test
    void selectiveReaderOfAQueueTakesMatchesAndLeavesTheRestToOthers() {
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "engine.selective", 2);
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        for (int i = 0; i < 40; i++) {
            send(engine, queue, i % 2, record("m" + i, "{\"colour\": \"" + (i % 4 == 0 ? "red" : "blue") + "\"}"));
        }
        ClaimFilter red = new ClaimFilter("(m.properties->>'colour') = 'red'", null, true, null);
        try (SubscriptionReader selective = engine.openReader(subscription, 2, red, 100, 30_000);
             SubscriptionReader everything = engine.openReader(subscription, 2, ClaimFilter.ALL, 100, 30_000)) {
            List<Delivery> reds = take(engine, selective, "selective", 10);
            assertThat(reds).allSatisfy(d -> assertThat(d.message().record().properties()).contains("red"));
            List<Delivery> rest = take(engine, everything, "everything", 30);
            assertThat(rest).allSatisfy(d -> assertThat(d.message().record().properties()).contains("blue"));
            assertThat(selective.poll()).isNull();
        }
    }

    @Test
    void topicSubscriptionPassesWhatItsSelectorAndNoLocalReject() {
        Destination topic = engine.destinations().create(DestinationKind.TOPIC, "engine.topic", 1);
        Subscription subscription = engine.subscriptions().createIfAbsent(topic, "nd:engine", false, false, null,
                null, true, null);
        send(engine, topic, 0, record("mine", "{\"n\": 1}"));
        send(engine, topic, 0, new MessageRecord("ID:other", null, null, null, 4, true, System.currentTimeMillis(),
                0, 0, null, "producer-2", "{\"n\": 2}", null, 1, "other".getBytes(StandardCharsets.UTF_8)));
        send(engine, topic, 0, new MessageRecord("ID:low", null, null, null, 4, true, System.currentTimeMillis(),
                0, 0, null, "producer-2", "{\"n\": 0}", null, 1, "low".getBytes(StandardCharsets.UTF_8)));
        ClaimFilter filter = new ClaimFilter("(m.properties->>'n')::int >= 1", null, false, "producer-1");
        try (SubscriptionReader reader = engine.openReader(subscription, 1, filter, 10, 30_000)) {
            List<Delivery> taken = take(engine, reader, "subscriber", 1);
            assertThat(body(taken.get(0))).isEqualTo("other");
            assertThat(reader.poll()).isNull();
        }
        long kept = engine.database().jdbi().withHandle(handle -> handle.select(
                "select count(*) from sluice.delivery where subscription_id = ?", subscription.id())
                .mapTo(Long.class).one());
        assertThat(kept).as("passed records leave no in-flight rows").isZero();
    }

    @Test
    void unitOfWorkAcknowledgesAndSendsTogetherOrNotAtAll() {
        Destination in = engine.destinations().create(DestinationKind.QUEUE, "engine.uow.in", 1);
        Destination out = engine.destinations().create(DestinationKind.QUEUE, "engine.uow.out", 1);
        Subscription inbox = engine.subscriptions().queueSubscription(in);
        send(engine, in, 0, record("request", null));
        try (SubscriptionReader reader = engine.openReader(inbox, 1, ClaimFilter.ALL, 10, 30_000);
             Engine other = Engine.open(config, "engine-other")) {
            List<Delivery> got = new ArrayList<>();
            Await.until(() -> {
                Delivery next = reader.poll();
                return next != null && got.add(next);
            }, DEADLINE, () -> "no request");
            UnitOfWork stale = new UnitOfWork();
            stale.delivered(reader.held(got.get(0).message()));
            stale.sent(out.id(), 0, record("reply", null));
            assertThat(other.commit(stale)).as("not held by the other engine").isEqualTo(1);
            assertThat(engine.destinations().find(DestinationKind.QUEUE, "engine.uow.out")).isPresent();
            long replies = engine.database().jdbi().withHandle(handle -> handle.select(
                    "select count(*) from sluice.message where destination_id = ?", out.id())
                    .mapTo(Long.class).one());
            assertThat(replies).as("nothing written when an acknowledgement fails").isZero();

            UnitOfWork work = new UnitOfWork();
            work.delivered(reader.held(got.get(0).message()));
            work.sent(out.id(), 0, record("reply", null));
            assertThat(engine.commit(work)).isZero();
        }
        Set<String> written = new HashSet<>(engine.database().jdbi().withHandle(handle -> handle.select(
                "select convert_from(body, 'UTF8') from sluice.message where destination_id = ?", out.id())
                .mapTo(String.class).list()));
        assertThat(written).containsExactly("reply");
        long inFlight = engine.database().jdbi().withHandle(handle -> handle.select(
                "select count(*) from sluice.delivery where destination_id = ?", in.id()).mapTo(Long.class).one());
        assertThat(inFlight).isZero();
    }

    @Test
    void aJvmWhoseClockIsAnHourAheadStillDeliversAtOnceAndExpiresOnTime() {
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "engine.skew", 1);
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        java.time.Clock ahead = java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofHours(1));
        try (Engine skewed = Engine.open(config, "engine-skewed", ahead)) {
            long now = skewed.clock().millis();
            assertThat(Math.abs(now - System.currentTimeMillis())).as("aligned with the database's clock")
                    .isLessThan(Duration.ofMinutes(1).toMillis());
            skewed.append(queue.id(), 0, new MessageRecord("ID:skew", null, null, null, 4, true, now, now + 60_000,
                    now, null, "p", null, null, 1, "due now".getBytes(StandardCharsets.UTF_8))).join();
            try (SubscriptionReader reader = skewed.openReader(subscription, 1, ClaimFilter.ALL, 10, 30_000)) {
                assertThat(body(take(skewed, reader, "skewed", 1).get(0))).isEqualTo("due now");
            }
        }
    }

    @Test
    void aMessageWithoutDelayFromASenderWhoseClockIsAheadIsDueAtOnce() {
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "engine.ahead", 1);
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        long ahead = engine.clock().millis() + 5_000;
        long delayedUntil = engine.clock().millis() + 60_000;
        send(engine, queue, 0, new MessageRecord("ID:delayed", null, null, null, 4, true, ahead, 0, delayedUntil,
                null, "p", null, null, 1, "delayed".getBytes(StandardCharsets.UTF_8)));
        send(engine, queue, 0, new MessageRecord("ID:ahead", null, null, null, 4, true, ahead, 0, ahead, null, "p",
                null, null, 1, "no delay".getBytes(StandardCharsets.UTF_8)));
        try (SubscriptionReader reader = engine.openReader(subscription, 1, ClaimFilter.ALL, 10, 30_000)) {
            List<Delivery> taken = take(engine, reader, "reader", 1);
            assertThat(body(taken.get(0))).isEqualTo("no delay");
            assertThat(reader.poll()).as("the delayed one waits").isNull();
        }
    }

    @Test
    void aReaderPassesOffsetsThatWereReapedFromTheMiddleOfTheLog() {
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "engine.gaps", 1);
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        for (int i = 0; i < 300; i++) {
            send(engine, queue, 0, record("g" + i, null));
        }
        // As the expiry reaper does: rows vanish anywhere in the log, here more than a claim's window in a row.
        engine.database().jdbi().useHandle(handle -> handle.execute("delete from sluice.message"
                + " where destination_id = ? and log_offset between 1 and 298", queue.id()));
        try (SubscriptionReader reader = engine.openReader(subscription, 1, ClaimFilter.ALL, 10, 30_000)) {
            List<String> bodies = take(engine, reader, "reader", 2).stream().map(EngineTest::body).toList();
            assertThat(bodies).containsExactly("g0", "g299");
        }
    }

    @Test
    void closedReadersLeaveNoWakersBehind() {
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "engine.wakers", 1);
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        Waker session = new Waker();
        for (int i = 0; i < 50; i++) {
            try (SubscriptionReader reader = engine.openReader(subscription, 1, ClaimFilter.ALL, 10, 30_000)) {
                reader.alsoWake(session);
            }
        }
        assertThat(engine.wakeUps().signal(queue.id()).listenerCount()).isZero();
    }

    /** Notifications on a destination's channel that {@code connection} (which LISTENs to it) has received. */
    private static List<String> payloads(Connection connection) {
        List<String> payloads = new ArrayList<>();
        PGNotification[] received;
        try {
            received = connection.unwrap(PGConnection.class).getNotifications(100);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (received != null) {
            for (PGNotification notification : received) {
                payloads.add(notification.getName() + " " + notification.getParameter());
            }
        }
        return payloads;
    }

    @Test
    void appendsNotifyOnlyDestinationsThatAnotherProcessRegisteredFor() throws Exception {
        Destination unheard = engine.destinations().create(DestinationKind.QUEUE, "engine.unheard", 1);
        Destination heard = engine.destinations().create(DestinationKind.QUEUE, "engine.heard", 1);
        try (Connection probe = engine.database().openDedicatedConnection()) {
            probe.setAutoCommit(true);
            try (Statement statement = probe.createStatement()) {
                statement.execute("listen sluice_log_" + unheard.id());
                statement.execute("listen sluice_log_" + heard.id());
            }
            DestinationListeners.register(probe, heard.id(), "probe");
            List<String> received = new ArrayList<>();
            // the engine announces in the order it committed, so the unheard destination's notification, were it
            // sent, would arrive no later than the heard one's
            send(engine, unheard, 0, record("u", null));
            send(engine, heard, 0, record("h", null));
            Await.until(() -> {
                received.addAll(payloads(probe));
                return received.stream().anyMatch(p -> p.startsWith("sluice_log_" + heard.id() + " "));
            }, DEADLINE, () -> "the probe heard " + received);
            assertThat(received).noneMatch(p -> p.startsWith("sluice_log_" + unheard.id() + " "));
            DestinationListeners.unregister(probe, "probe");
        }
    }

    @Test
    void aListenerThatRegistersAfterAppendsBeganIsNotifiedOfTheNextOnes() throws Exception {
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "engine.late-listener", 1);
        send(engine, queue, 0, record("before anyone listened", null));
        try (Connection probe = engine.database().openDedicatedConnection()) {
            probe.setAutoCommit(true);
            try (Statement statement = probe.createStatement()) {
                statement.execute("listen sluice_log_" + queue.id());
            }
            DestinationListeners.register(probe, queue.id(), "late-probe");
            List<String> received = new ArrayList<>();
            // well within the engine's cache time for "nobody else listens": the registration's own announcement
            // must have reached it
            Await.until(() -> {
                send(engine, queue, 0, record("after", null));
                received.addAll(payloads(probe));
                return !received.isEmpty();
            }, Duration.ofSeconds(10), () -> "the probe heard nothing");
            assertThat(received).allMatch(p -> p.equals("sluice_log_" + queue.id() + " "
                    + engine.holder().substring("engine-".length())));
            DestinationListeners.unregister(probe, "late-probe");
        }
    }

    /** Claims {@code body} again and again, releasing it each time, until it stops coming; returns how often. */
    private static int releaseUntilGone(SubscriptionReader reader, String body, List<String> others) {
        int[] deliveries = {0};
        Await.until(() -> {
            Delivery next;
            while ((next = reader.poll()) != null) {
                if (body(next).equals(body)) {
                    deliveries[0]++;
                    engine.release(List.of(reader.held(next.message())), 0);
                } else {
                    others.add(body(next));
                    engine.acknowledgeSoon(List.of(reader.held(next.message()))).join();
                }
            }
            return others.size() == 1 && deliveries[0] > 0 && engine.heldCount() == 0 && !stillAvailable(reader);
        }, DEADLINE, () -> body + " was delivered " + deliveries[0] + " times; others " + others);
        return deliveries[0];
    }

    private static boolean stillAvailable(SubscriptionReader reader) {
        return engine.database().jdbi().withHandle(handle -> handle.createQuery("select count(*) from sluice.delivery"
                        + " where subscription_id = :s").bind("s", reader.subscription().id())
                .mapTo(Integer.class).one()) > 0;
    }

    @Test
    void aRecordReleasedAfterItsLastDeliveryMovesToTheDeadLetterQueueAndTheOthersGoOn() {
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "engine.poison", 1);
        engine.database().jdbi().useHandle(handle -> handle.execute("update sluice.destination"
                + " set max_deliveries = 3, dead_letter_queue = 'engine.poison.dead' where destination_id = ?",
                queue.id()));
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        send(engine, queue, 0, record("poison", "{\"order\": 7}"));
        send(engine, queue, 0, record("fine", null));
        List<String> others = new ArrayList<>();
        try (SubscriptionReader reader = engine.openReader(subscription, 1, ClaimFilter.ALL, 10, 30_000)) {
            assertThat(releaseUntilGone(reader, "poison", others)).as("deliveries of the poison").isEqualTo(3);
        }
        assertThat(others).containsExactly("fine");
        Destination dead = engine.destinations().find(DestinationKind.QUEUE, "engine.poison.dead").orElseThrow();
        List<StoredMessage> letters = new LogStore(engine.database().jdbi()).read(dead.id(), 0, 0, 10);
        assertThat(letters).hasSize(1);
        MessageRecord letter = letters.get(0).record();
        assertThat(new String(letter.body(), StandardCharsets.UTF_8)).isEqualTo("poison");
        assertThat(letter.messageId()).isEqualTo("ID:poison");
        assertThat(letter.properties()).contains("\"order\": 7", "\"SluiceOriginalDestination\": \"queue://engine.poison\"",
                "\"SluiceDeliveryCount\": 3", "\"SluiceDeadLetterReason\": \"delivered 3 times without being"
                        + " acknowledged (the destination allows 3)\"");
    }

    @Test
    void aReleaseWaitingForALeaseRenewalStillMovesTheExhaustedRecord() throws Exception {
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "engine.renewed-poison", 1);
        engine.database().jdbi().useHandle(handle -> handle.execute("update sluice.destination"
                + " set max_deliveries = 1, dead_letter_queue = 'engine.renewed-poison.dead' where destination_id = ?",
                queue.id()));
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        send(engine, queue, 0, record("poison", null));
        try (SubscriptionReader reader = engine.openReader(subscription, 1, ClaimFilter.ALL, 10, 30_000);
             Connection renewing = engine.database().dataSource().getConnection();
             Connection watching = engine.database().dataSource().getConnection()) {
            Delivery poison = take(reader);
            // what a lease renewal does to the held row, left uncommitted while the release runs
            renewing.setAutoCommit(false);
            try (Statement renewal = renewing.createStatement()) {
                assertThat(renewal.executeUpdate("update sluice.delivery set lease_until = lease_until + 1"
                        + " where subscription_id = " + subscription.id())).isEqualTo(1);
            }
            ExecutorService releasing = Executors.newSingleThreadExecutor();
            try {
                Future<?> released = releasing.submit(() -> engine.release(List.of(reader.held(poison.message())), 0));
                Await.until(() -> waitsForALock(watching), DEADLINE, () -> "the release never waited for the renewal");
                renewing.commit();
                released.get(30, TimeUnit.SECONDS);
            } finally {
                releasing.shutdownNow();
            }
        }
        Destination dead = engine.destinations().find(DestinationKind.QUEUE, "engine.renewed-poison.dead")
                .orElseThrow(() -> new AssertionError("the exhausted record was released instead of dead-lettered"));
        assertThat(new LogStore(engine.database().jdbi()).read(dead.id(), 0, 0, 10)).hasSize(1);
        assertThat(stillAvailable(subscription.id())).as("the record left its subscription").isFalse();
    }

    private static boolean waitsForALock(Connection watching) {
        try (Statement statement = watching.createStatement();
             java.sql.ResultSet rs = statement.executeQuery("select count(*) from pg_stat_activity"
                     + " where wait_event_type = 'Lock' and datname = current_database()")) {
            rs.next();
            return rs.getInt(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean stillAvailable(long subscriptionId) {
        return engine.database().jdbi().withHandle(handle -> handle.createQuery("select count(*) from sluice.delivery"
                        + " where subscription_id = :s").bind("s", subscriptionId).mapTo(Integer.class).one()) > 0;
    }

    @Test
    void aDestinationWithoutDeadLetterQueueRedeliversForEver() {
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "engine.no-dlq", 1);
        engine.database().jdbi().useHandle(handle -> handle.execute("update sluice.destination"
                + " set max_deliveries = 2, dead_letter_queue = 'none' where destination_id = ?", queue.id()));
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        send(engine, queue, 0, record("kept", null));
        try (SubscriptionReader reader = engine.openReader(subscription, 1, ClaimFilter.ALL, 10, 30_000)) {
            int deliveries = 0;
            while (deliveries < 5) {
                Delivery next = take(reader);
                assertThat(next.deliveryCount()).isEqualTo(deliveries + 1);
                deliveries++;
                engine.release(List.of(reader.held(next.message())), 0);
            }
            engine.acknowledgeSoon(List.of(reader.held(take(reader).message()))).join();
        }
    }

    private static Delivery take(SubscriptionReader reader) {
        Delivery[] next = {null};
        Await.until(() -> (next[0] = reader.poll()) != null, DEADLINE, () -> "nothing came");
        return next[0];
    }

    /** How long from now (by the database's clock) the in-flight record at {@code offset} waits, or null. */
    private static Long waitsMs(Subscription subscription, long offset) {
        return engine.database().jdbi().withHandle(handle -> handle.createQuery("select lease_until - sluice.now_ms()"
                        + " from sluice.delivery where subscription_id = :s and log_offset = :o and consumer_id is null")
                .bind("s", subscription.id()).bind("o", offset).mapTo(Long.class).findOne().orElse(null));
    }

    @Test
    void aReleasedRecordWaitsItsDestinationsGrowingRedeliveryDelayWhileTheOthersGoOn() {
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "engine.redelivery", 1);
        engine.destinations().setRedeliveryPolicy(queue.id(), new RedeliveryPolicy(60_000, 2, 150_000L));
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        send(engine, queue, 0, record("slow", null));
        send(engine, queue, 0, record("next", null));
        try (SubscriptionReader reader = engine.openReader(subscription, 1, ClaimFilter.ALL, 1, 30_000)) {
            long[] expected = {60_000, 120_000, 150_000};
            for (int delivery = 1; delivery <= 3; delivery++) {
                Delivery slow = take(reader);
                assertThat(body(slow)).isEqualTo("slow");
                assertThat(slow.deliveryCount()).isEqualTo(delivery);
                engine.release(List.of(reader.held(slow.message())), 0);
                long limit = expected[delivery - 1];
                assertThat(waitsMs(subscription, 0)).as("wait after delivery " + delivery)
                        .isBetween(limit - 10_000, limit);
                if (delivery == 1) {
                    Delivery next = take(reader);
                    assertThat(body(next)).as("delivered while the first waits").isEqualTo("next");
                    engine.acknowledgeSoon(List.of(reader.held(next.message()))).join();
                }
                // the test's clock: make the wait run out now
                engine.database().jdbi().useHandle(handle -> handle.execute("update sluice.delivery set lease_until"
                        + " = sluice.now_ms() where subscription_id = ? and log_offset = 0", subscription.id()));
            }
            engine.acknowledgeSoon(List.of(reader.held(take(reader).message()))).join();
        }
    }
}
