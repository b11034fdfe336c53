package dev.sluice.jms;

import static dev.sluice.jms.JmsTestSupport.receiveTexts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.testing.Await;
import dev.sluice.testing.ChildJvm;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TopicSession;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Temporary queues and topics (Jakarta Messaging 3.1 section 6.2.2 and the javadoc of {@code TemporaryQueue}):
 * unique objects of their connection, which any connection may send to but only the owner consume from; deleted
 * explicitly (refused while they have consumers) or with their connection, and removed by the coordination
 * session's expiry when the owning process dies.
 */
@ExtendWith(PostgresExtension.class)
class TemporaryDestinationTest {

    private static final String TIMEOUTS = "leaseTimeoutMs=1500&sessionTimeoutMs=1500";

    private static TestDatabase database;
    private static SluiceConnectionFactory factory;
    private static Connection other;
    private static Session otherSession;

    @BeforeAll
    static void open(TestDatabase db) throws JMSException {
        database = db;
        factory = JmsTestSupport.factory(db, TIMEOUTS);
        other = factory.createConnection();
        other.start();
        otherSession = other.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @AfterAll
    static void close() {
        JmsTestSupport.closeQuietly(other);
    }

    private static void sendFromOtherConnection(Destination destination, String text) throws JMSException {
        MessageProducer producer = otherSession.createProducer(destination);
        producer.send(otherSession.createTextMessage(text));
        producer.close();
    }

    @Test
    void otherConnectionsSendToATemporaryQueueAndItsOwnerReceives() throws JMSException {
        try (Connection owner = factory.createConnection()) {
            owner.start();
            Session session = owner.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue queue = session.createTemporaryQueue();
            assertThat(queue.getQueueName()).isNotEmpty();
            assertThat(session.createTemporaryQueue().getQueueName()).isNotEqualTo(queue.getQueueName());
            MessageConsumer consumer = session.createConsumer(queue);
            sendFromOtherConnection(queue, "hello owner");
            assertEquals(List.of("hello owner"), receiveTexts(consumer, 1, 2_000));
        }
    }

    @Test
    void otherConnectionsPublishToATemporaryTopicAndItsOwnersSubscribersReceive() throws JMSException {
        try (Connection owner = factory.createConnection()) {
            owner.start();
            Session session = owner.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryTopic topic = session.createTemporaryTopic();
            MessageConsumer first = session.createConsumer(topic);
            MessageConsumer second = owner.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(topic);
            sendFromOtherConnection(topic, "news");
            assertEquals(List.of("news"), receiveTexts(first, 1, 2_000));
            assertEquals(List.of("news"), receiveTexts(second, 1, 2_000));
        }
    }

    @Test
    void onlyTheOwningConnectionMayConsumeFromATemporaryQueue() throws JMSException {
        try (Connection owner = factory.createConnection()) {
            Session session = owner.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue queue = session.createTemporaryQueue();
            assertThrows(InvalidDestinationException.class, () -> otherSession.createConsumer(queue));
            assertThrows(InvalidDestinationException.class, () -> otherSession.createConsumer(queue, "a = 1"));
            assertThrows(InvalidDestinationException.class,
                    () -> ((QueueSession) otherSession).createReceiver(queue));
            try (JMSContext context = factory.createContext()) {
                assertThrows(InvalidDestinationRuntimeException.class, () -> context.createConsumer(queue));
            }
            Session ownersOtherSession = owner.createSession(false, Session.AUTO_ACKNOWLEDGE);
            ownersOtherSession.createConsumer(queue).close();
        }
    }

    @Test
    void onlyTheOwningConnectionMayConsumeFromATemporaryTopic() throws JMSException {
        try (Connection owner = factory.createConnection()) {
            Session session = owner.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryTopic topic = session.createTemporaryTopic();
            assertThrows(InvalidDestinationException.class, () -> otherSession.createConsumer(topic));
            assertThrows(InvalidDestinationException.class, () -> otherSession.createConsumer(topic, null, true));
            assertThrows(InvalidDestinationException.class,
                    () -> ((TopicSession) otherSession).createSubscriber(topic));
        }
    }

    @Test
    void sharedSubscriptionsOnAnotherConnectionsTemporaryTopicAreRefused() throws JMSException {
        try (Connection owner = factory.createConnection()) {
            Session session = owner.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryTopic topic = session.createTemporaryTopic();
            assertThrows(InvalidDestinationException.class, () -> otherSession.createSharedConsumer(topic, "s"),
                    "only the connection that created a temporary topic may consume from it");
            assertThrows(InvalidDestinationException.class,
                    () -> otherSession.createSharedDurableConsumer(topic, "sd"));
        }
    }

    @Test
    void aTemporaryQueuesMessagesCannotBeConsumedThroughAnOrdinaryQueueOfTheSameName() throws JMSException {
        try (Connection owner = factory.createConnection()) {
            Session session = owner.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue temporary = session.createTemporaryQueue();
            sendFromOtherConnection(temporary, "for the owner only");
            Queue sameName = otherSession.createQueue(temporary.getQueueName());
            MessageConsumer intruder;
            try {
                intruder = otherSession.createConsumer(sameName);
            } catch (InvalidDestinationException refused) {
                return;
            }
            assertNull(intruder.receive(300), "a message sent to a temporary queue reached another connection");
            intruder.close();
        }
    }

    @Test
    void temporaryQueueIsDeletedWhenItsConnectionCloses() throws JMSException, SQLException {
        TemporaryQueue queue;
        TemporaryTopic topic;
        try (Connection owner = factory.createConnection()) {
            Session session = owner.createSession(false, Session.AUTO_ACKNOWLEDGE);
            queue = session.createTemporaryQueue();
            topic = session.createTemporaryTopic();
            sendFromOtherConnection(queue, "before close");
            sendFromOtherConnection(topic, "before close");
        }
        assertEquals(0, destinationRows(queue.getQueueName()));
        assertEquals(0, destinationRows(topic.getTopicName()));
        assertThrows(InvalidDestinationException.class, () -> sendFromOtherConnection(queue, "after close"));
        assertThrows(InvalidDestinationException.class, () -> sendFromOtherConnection(topic, "after close"));
    }

    @Test
    void deletingATemporaryDestinationFailsWhileItHasConsumers() throws JMSException, SQLException {
        try (Connection owner = factory.createConnection()) {
            Session session = owner.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue queue = session.createTemporaryQueue();
            TemporaryTopic topic = session.createTemporaryTopic();
            MessageConsumer queueConsumer = session.createConsumer(queue);
            MessageConsumer topicConsumer = session.createConsumer(topic);
            JMSException refused = assertThrows(JMSException.class, queue::delete);
            assertThat(refused.getMessage()).startsWith("Cannot delete temporary queue '")
                    .contains("while it has consumers");
            assertThrows(JMSException.class, topic::delete);
            sendFromOtherConnection(queue, "still there");

            queueConsumer.close();
            topicConsumer.close();
            queue.delete();
            topic.delete();
            assertEquals(0, destinationRows(queue.getQueueName()));
            assertThrows(InvalidDestinationException.class, () -> sendFromOtherConnection(queue, "deleted"));
            assertThrows(InvalidDestinationException.class, () -> session.createConsumer(queue),
                    "a deleted temporary queue cannot be consumed from, even by its owner");
        }
    }

    @Test
    void temporaryQueueOfAKilledProcessIsRemovedWithinItsSessionTimeout() throws Exception {
        try (Connection observer = factory.createConnection();
             ChildJvm child = ChildJvm.start(ChildTemporaryQueueMain.class,
                     factory.getUrl() + "&user=" + database.user())) {
            // A live participant of the coordination service notices expired sessions; a connection with a client
            // ID is one.
            observer.setClientID("temporary-observer");
            child.awaitLine("temporary ", Duration.ofSeconds(60));
            String address = child.output().stream().filter(line -> line.startsWith("temporary "))
                    .findFirst().orElseThrow().substring("temporary ".length());
            SluiceDestination destination = SluiceDestination.fromAddress(address);
            TemporaryQueue queue = assertInstanceOf(TemporaryQueue.class, destination);
            Session session = observer.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(null);
            producer.send(queue, session.createTextMessage("while the owner lives"));
            assertEquals(1, destinationRows(queue.getQueueName()));

            child.kill();
            long killedAt = System.nanoTime();
            Await.until(() -> sendFails(session, producer, queue), Duration.ofMillis(1500 + 1000 + 500),
                    () -> "temporary queue " + address + " still accepts messages after its owner was killed");
            long goneAfterMs = (System.nanoTime() - killedAt) / 1_000_000;
            assertEquals(0, destinationRows(queue.getQueueName()), "row still there " + goneAfterMs + " ms after"
                    + " the kill, though sending already failed");
        }
    }

    private static boolean sendFails(Session session, MessageProducer producer, Queue queue) {
        try {
            producer.send(queue, session.createTextMessage("probe"));
            return false;
        } catch (InvalidDestinationException gone) {
            return true;
        } catch (JMSException e) {
            throw new AssertionError("sending to a vanished temporary queue must fail with"
                    + " InvalidDestinationException", e);
        }
    }

    private static int destinationRows(String name) throws SQLException {
        try (java.sql.Connection jdbc = database.connect();
             PreparedStatement query = jdbc.prepareStatement("select count(*) from sluice.destination where name = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
