package dev.sluice.jms;

import static dev.sluice.jms.JmsTestSupport.receiveTexts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class TopicTest {

    private static SluiceConnectionFactory factory;
    private static Connection connection;

    @BeforeAll
    static void open(TestDatabase db) throws JMSException {
        factory = JmsTestSupport.factory(db);
        connection = factory.createConnection();
        connection.start();
    }

    @AfterAll
    static void close() {
        JmsTestSupport.closeQuietly(connection);
    }

    @Test
    void everySubscriberGetsEveryMessagePublishedAfterItSubscribed() throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = session.createTopic("prices");
        MessageProducer publisher = session.createProducer(topic);
        publisher.send(session.createTextMessage("before anyone listened"));

        MessageConsumer first = session.createConsumer(topic);
        Session otherSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer second = otherSession.createConsumer(topic);
        for (int i = 0; i < 20; i++) {
            publisher.send(session.createTextMessage("p" + i));
        }
        List<String> expected = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "p" + i).toList();
        assertEquals(expected, receiveTexts(first, 20, 5_000));
        assertEquals(expected, receiveTexts(second, 20, 5_000));
        assertNull(first.receive(200));

        first.close();
        publisher.send(session.createTextMessage("after close"));
        assertEquals(List.of("after close"), receiveTexts(second, 1, 5_000));
        session.close();
        otherSession.close();
    }

    @Test
    void noLocalSubscriberDoesNotGetItsOwnConnectionsMessages() throws JMSException {
        Connection other = factory.createConnection();
        try {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic("chat");
            MessageConsumer noLocal = session.createConsumer(topic, null, true);
            session.createProducer(topic).send(session.createTextMessage("mine"));
            Session otherSession = other.createSession(false, Session.AUTO_ACKNOWLEDGE);
            otherSession.createProducer(topic).send(otherSession.createTextMessage("theirs"));
            assertEquals(List.of("theirs"), receiveTexts(noLocal, 2, 1_000));
            session.close();
        } finally {
            other.close();
        }
    }

    @Test
    void transactedSessionCommitsAfterClosingItsTopicSubscriber() throws JMSException {
        Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
        Topic topic = session.createTopic("tx.topic");
        MessageConsumer subscriber = session.createConsumer(topic);
        session.createProducer(topic).send(session.createTextMessage("one"));
        session.commit();
        assertEquals(List.of("one"), receiveTexts(subscriber, 1, 5_000));
        subscriber.close();
        session.commit();
        session.close();
    }

    @Test
    void simplifiedApiPublishesAndSubscribes() {
        try (JMSContext context = factory.createContext()) {
            Topic topic = context.createTopic("simple.topic");
            JMSConsumer consumer = context.createConsumer(topic);
            context.createProducer().setProperty("region", "eu").send(topic, "from context");
            assertEquals("from context", consumer.receiveBody(String.class, 5_000));
        }
    }
}
