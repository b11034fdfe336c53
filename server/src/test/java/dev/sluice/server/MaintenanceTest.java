package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.coordination.Coordinator;
import dev.sluice.db.Database;
import dev.sluice.db.JdbcUrls;
import dev.sluice.db.log.Delivery;
import dev.sluice.db.log.Destination;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.log.DestinationStore;
import dev.sluice.db.log.LogStore;
import dev.sluice.db.log.MessageRecord;
import dev.sluice.db.log.RecordFilter;
import dev.sluice.db.log.SubscriptionStore;
import dev.sluice.db.maintenance.RetentionSettings;
import dev.sluice.jms.SluiceConnectionFactory;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The maintenance duties as the leader runs them: a server in this JVM with a short interval, and the effects
 * observed in the database.
 */
@ExtendWith(PostgresExtension.class)
class MaintenanceTest {

    private static final Duration EFFECT = Duration.ofSeconds(20);
    private static final ByteArrayOutputStream OUTPUT = new ByteArrayOutputStream();
    private static String passwordParameter;
    private static SluiceServer server;
    private static Database database;
    private static SluiceConnectionFactory factory;

    @BeforeAll
    static void startServer(TestDatabase db) {
        // the password also in the URL, as operators write it, so that the banner must mask it
        passwordParameter = "password=" + URLEncoder.encode(db.password(), StandardCharsets.UTF_8);
        server = SluiceServer.start(ServerConfig.builder()
                .jdbcUrl(db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + passwordParameter)
                .user(db.user()).password(db.password())
                .adminPort(0).serverId("maintenance-test")
                .sessionTimeout(Duration.ofSeconds(5))
                .maintenanceInterval(Duration.ofMillis(100))
                .build(), new PrintStream(OUTPUT, true, StandardCharsets.UTF_8));
        database = server.database();
        Await.until(server::leader, Duration.ofSeconds(30), () -> "the only server did not become leader");
        factory = new SluiceConnectionFactory(db.jdbcUrl());
        factory.setUser(db.user());
        factory.setPassword(db.password());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theBannerMasksThePasswordInTheUrl() {
        String banner = OUTPUT.toString(StandardCharsets.UTF_8);
        assertThat(banner).contains("JDBC URL:").contains("password=" + JdbcUrls.MASK);
        if (!passwordParameter.equals("password=")) {
            assertThat(banner).doesNotContain(passwordParameter);
        }
    }

    private static long count(String sql, Object... arguments) {
        return database.jdbi().withHandle(handle -> handle.select(sql, arguments).mapTo(Long.class).one());
    }

    private static MessageRecord record(String body, long sentAt) {
        return new MessageRecord("ID:" + body, null, null, null, 4, true, sentAt, 0, 0, null, "test",
                "{\"body\": \"" + body + "\"}", null, 1, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void expiredMessagesDisappearWithTheirStatistics() throws Exception {
        try (Connection connection = factory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            Queue queue = session.createQueue("expiring");
            try (MessageProducer producer = session.createProducer(queue)) {
                producer.send(session.createTextMessage("stays"));
                producer.setTimeToLive(200);
                for (int i = 0; i < 3; i++) {
                    producer.send(session.createTextMessage("expires " + i));
                }
            }
        }
        int id = new DestinationStore(database.jdbi()).find(DestinationKind.QUEUE, "expiring").orElseThrow().id();
        Await.until(() -> count("select count(*) from sluice.message where destination_id = ?", id) == 1, EFFECT,
                () -> "expired messages remain: " + count("select count(*) from sluice.message where destination_id = ?",
                        id));
        assertThat(count("select count(*) from sluice.messages where destination = 'expiring' and body_text = 'stays'"))
                .isEqualTo(1);
        Await.until(() -> count("select coalesce(sum(messages_expired), 0) from sluice.partition_statistics"
                + " where destination_id = ?", id) == 3, EFFECT, () -> "expiries not counted");
    }

    @Test
    void recordsWhoseLeaseRanOutAreReleasedAndWaitingConsumersNotified() throws Exception {
        Destination queue = new DestinationStore(database.jdbi()).create(DestinationKind.QUEUE, "leased", 1);
        new LogStore(database.jdbi()).append(queue.id(), 0, List.of(record("held by a dead consumer",
                System.currentTimeMillis())));
        try (java.sql.Connection listener = database.openDedicatedConnection()) {
            try (Statement listen = listener.createStatement()) {
                listen.execute("listen " + LogStore.CHANNEL_PREFIX + queue.id());
            }
            List<Delivery> acquired = new dev.sluice.db.log.DeliveryStore(database.jdbi()).acquire(
                    new SubscriptionStore(database.jdbi()).queueSubscription(queue), 0, "ghost", 10, 300,
                    RecordFilter.DELIVER_ALL);
            assertThat(acquired).hasSize(1);

            List<PGNotification> notifications = new ArrayList<>();
            long deadline = System.nanoTime() + EFFECT.toNanos();
            while (notifications.isEmpty() && System.nanoTime() < deadline) {
                PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(1_000);
                if (received != null) {
                    notifications.addAll(List.of(received));
                }
            }
            assertThat(notifications).as("a wake-up for the released record").isNotEmpty();
            assertThat(notifications.get(0).getParameter()).isEqualTo("0");
        }
        assertThat(count("select count(*) from sluice.delivery where destination_id = ? and consumer_id is null",
                queue.id())).isEqualTo(1);

        try (Connection connection = factory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageConsumer consumer = session.createConsumer(session.createQueue("leased"))) {
            connection.start();
            Message redelivered = consumer.receive(EFFECT.toMillis());
            assertThat(redelivered).isNotNull();
            assertThat(((TextMessage) redelivered).getText()).isEqualTo("held by a dead consumer");
            assertThat(redelivered.getJMSRedelivered()).isTrue();
            assertThat(redelivered.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
        }
    }

    @Test
    void committedPendingMessagesArePublishedByTheServer() throws Exception {
        Destination queue = new DestinationStore(database.jdbi()).create(DestinationKind.QUEUE, "pending-only", 1);
        // as an application transaction whose process died right after its commit leaves them: no client runs
        try (java.sql.Connection application = database.openDedicatedConnection()) {
            application.setAutoCommit(false);
            dev.sluice.db.log.PendingStore.write(application, queue.id(), 0,
                    List.of(record("committed, then its sender died", System.currentTimeMillis())), false);
            application.commit();
        }
        Await.until(() -> count("select count(*) from sluice.message where destination_id = ?", queue.id()) == 1,
                EFFECT, () -> "the pending message was not published");
        assertThat(count("select count(*) from sluice.pending_message where destination_id = ?", queue.id()))
                .isZero();
    }

    @Test
    void whatDeadSessionsOwnedIsRemovedAndWhatLiveOnesOwnStays() {
        DestinationStore destinations = new DestinationStore(database.jdbi());
        long deadSession = 9_000_000_000L;
        try (Coordinator live = Coordinator.open(database, Duration.ofSeconds(30))) {
            destinations.create(DestinationKind.QUEUE, "tmp.dead", 1, deadSession);
            destinations.create(DestinationKind.QUEUE, "tmp.live", 1, live.sessionId());
            Destination topic = destinations.create(DestinationKind.TOPIC, "orphaned-subscriptions", 1);
            SubscriptionStore subscriptions = new SubscriptionStore(database.jdbi());
            subscriptions.createIfAbsent(topic, "nd:dead", false, false, null, null, false, deadSession);
            subscriptions.createIfAbsent(topic, "nd:live", false, false, null, null, false, live.sessionId());
            subscriptions.createIfAbsent(topic, "d:client:durable", true, false, "client", null, false, null);

            Await.until(() -> destinations.find(DestinationKind.QUEUE, "tmp.dead").isEmpty()
                            && subscriptions.find(topic.id(), "nd:dead").isEmpty(), EFFECT,
                    () -> "what the dead session owned is still there");
            assertThat(destinations.find(DestinationKind.QUEUE, "tmp.live")).isPresent();
            assertThat(subscriptions.find(topic.id(), "nd:live")).isPresent();
            assertThat(subscriptions.find(topic.id(), "d:client:durable")).isPresent();
        }
    }

    @Test
    void retentionByTimeRemovesTheOldPrefixOfEachPartition() {
        Destination queue = new DestinationStore(database.jdbi()).create(DestinationKind.QUEUE, "retained-by-time", 1);
        long now = System.currentTimeMillis();
        List<MessageRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(record("old " + i, now - Duration.ofHours(2).toMillis()));
        }
        records.add(record("new 0", now));
        records.add(record("new 1", now));
        new LogStore(database.jdbi()).append(queue.id(), 0, records);
        new RetentionSettings(database.jdbi()).set(queue, Duration.ofHours(1).toMillis(), null);

        Await.until(() -> count("select count(*) from sluice.message where destination_id = ?", queue.id()) == 2,
                EFFECT, () -> "retention did not remove the old messages");
        assertThat(count("select start_offset from sluice.log_partition where destination_id = ?", queue.id()))
                .isEqualTo(5);
        List<String> kept = database.jdbi().withHandle(handle -> handle.select("select body_text"
                + " from sluice.messages where destination = 'retained-by-time' order by log_offset")
                .mapTo(String.class).list());
        assertThat(kept).containsExactly("new 0", "new 1");
        assertThat(count("select messages_retention from sluice.partition_statistics where destination_id = ?",
                queue.id())).isEqualTo(5);
    }

    @Test
    void retentionBySizeKeepsTheNewestBytesOfEachPartition() {
        Destination queue = new DestinationStore(database.jdbi()).create(DestinationKind.QUEUE, "retained-by-size", 1);
        List<MessageRecord> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            records.add(record(String.format("%0100d", i), System.currentTimeMillis()));
        }
        new LogStore(database.jdbi()).append(queue.id(), 0, records);
        new RetentionSettings(database.jdbi()).set(queue, null, 1_000L);

        Await.until(() -> count("select count(*) from sluice.message where destination_id = ?", queue.id()) == 10,
                EFFECT, () -> "size retention kept " + count("select count(*) from sluice.message"
                        + " where destination_id = ?", queue.id()) + " messages, not 10");
        assertThat(count("select min(log_offset) from sluice.message where destination_id = ?", queue.id()))
                .isEqualTo(40);
        assertThat(count("select bytes_in - bytes_removed from sluice.partition_statistics where destination_id = ?",
                queue.id())).isEqualTo(1_000);
    }

    @Test
    void historyViewsShowBodiesPropertiesDeliveryStateAndLag() throws Exception {
        try (Connection connection = factory.createConnection();
             Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE)) {
            Queue queue = session.createQueue("history");
            try (MessageProducer producer = session.createProducer(queue)) {
                for (int orderId = 41; orderId <= 43; orderId++) {
                    TextMessage message = session.createTextMessage("order " + orderId);
                    message.setIntProperty("orderId", orderId);
                    producer.send(message);
                }
            }
            connection.start();
            try (MessageConsumer consumer = session.createConsumer(queue)) {
                Message held = consumer.receive(EFFECT.toMillis());
                assertThat(((TextMessage) held).getText()).isEqualTo("order 41");
                List<Map<String, Object>> rows = database.jdbi().withHandle(handle -> handle.select(
                        "select body_text, properties->>'orderId' as order_id, delivery_state->>'(queue)' as state,"
                                + " delivery_count, body_type, kind from sluice.messages where destination = 'history'"
                                + " order by log_offset").mapToMap().list());
                assertThat(rows).extracting(row -> row.get("body_text"))
                        .containsExactly("order 41", "order 42", "order 43");
                assertThat(rows).extracting(row -> row.get("order_id")).containsExactly("41", "42", "43");
                assertThat(rows.get(0).get("state")).isEqualTo("in-flight");
                assertThat(rows.get(0).get("delivery_count")).isEqualTo(1);
                assertThat(rows.get(0).get("body_type")).isEqualTo("text");
                assertThat(rows.get(0).get("kind")).isEqualTo("queue");

                Map<String, Object> lag = database.jdbi().withHandle(handle -> handle.select(
                        "select subscription, lag, in_flight, consumed, oldest_unconsumed_at is not null as aged"
                                + " from sluice.subscription_lag where destination = 'history'").mapToMap().one());
                assertThat(lag).containsEntry("subscription", "(queue)").containsEntry("lag", 3L)
                        .containsEntry("consumed", 0L).containsEntry("aged", true);
                assertThat((Long) lag.get("in_flight")).isBetween(1L, 3L);
                held.acknowledge();
            }
        }
        Await.until(() -> count("select consumed from sluice.subscription_lag where destination = 'history'") == 1,
                EFFECT, () -> "the acknowledgement is not seen in sluice.subscription_lag");
        assertThat(count("select lag from sluice.subscription_lag where destination = 'history'")).isEqualTo(2);
        String state = database.jdbi().withHandle(handle -> handle.select("select delivery_state->>'(queue)'"
                + " from sluice.messages where destination = 'history' and properties->>'orderId' = '41'")
                .mapTo(String.class).one());
        assertThat(state).isEqualTo("done");
    }
}
