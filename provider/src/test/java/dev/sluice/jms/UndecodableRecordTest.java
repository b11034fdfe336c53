package dev.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.log.DestinationStore;
import dev.sluice.db.log.LogStore;
import dev.sluice.db.log.MessageRecord;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A record that cannot be decoded (written by a buggy or foreign writer) neither kills a session's listener thread
 * nor stops the records behind it; the connection's ExceptionListener is told.
 */
@ExtendWith(PostgresExtension.class)
class UndecodableRecordTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static SluiceConnectionFactory factory;
    private static Database database;

    @BeforeAll
    static void open(TestDatabase db) {
        factory = JmsTestSupport.factory(db);
        database = Database.open(DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user())
                .password(db.password()).build());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    /** Appends a record whose map body (or property types) is not what the codec writes. */
    private static void appendUndecodable(DestinationKind kind, String name, String propertyTypes, int bodyType) {
        int id = new DestinationStore(database.jdbi()).find(kind, name).orElseThrow().id();
        new LogStore(database.jdbi()).append(id, 0, List.of(new MessageRecord("ID:broken", null, null, null, 4,
                true, System.currentTimeMillis(), 0, 0, null, "writer", "{\"n\": 5}", propertyTypes, bodyType,
                "not a map body".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void listenerGoesOnAfterAMessageThatCannotBeDecoded() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        List<JMSException> reported = new CopyOnWriteArrayList<>();
        try (Connection connection = factory.createConnection()) {
            connection.setExceptionListener(reported::add);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            jakarta.jms.Queue queue = session.createQueue("undecodable.listener");
            MessageProducer producer = session.createProducer(queue);
            producer.send(session.createTextMessage("before"));
            appendUndecodable(DestinationKind.QUEUE, "undecodable.listener", null, 3);
            producer.send(session.createTextMessage("after"));

            Session listening = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            listening.createConsumer(queue).setMessageListener(message -> {
                try {
                    received.add(((TextMessage) message).getText());
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            connection.start();
            Await.until(() -> received.size() == 2 && !reported.isEmpty(), DEADLINE,
                    () -> "received " + received + ", reported " + reported);
        }
        assertThat(received).containsExactly("before", "after");
        assertThat(reported.get(0)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("cannot be decoded");
    }

    @Test
    void selectorJudgedInJavaDoesNotStopAtARecordWhosePropertiesCannotBeDecoded() throws Exception {
        try (Connection connection = factory.createConnection()) {
            connection.setExceptionListener(e -> { });
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic("undecodable.selective");
            // Arithmetic is judged in Java, on headers and properties only.
            MessageConsumer consumer = session.createConsumer(topic, "n * 2 > 1");
            MessageProducer producer = session.createProducer(topic);
            connection.start();
            TextMessage first = session.createTextMessage("first");
            first.setIntProperty("n", 1);
            producer.send(first);
            appendUndecodable(DestinationKind.TOPIC, "undecodable.selective", "not a type list", 1);
            TextMessage second = session.createTextMessage("second");
            second.setIntProperty("n", 2);
            producer.send(second);

            assertThat(JmsTestSupport.receiveTexts(consumer, 2, DEADLINE.toMillis()))
                    .containsExactly("first", "second");
        }
    }
}
