package dev.sluice.jms;

import static dev.sluice.jms.JmsTestSupport.receiveTexts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Delivery delay (Jakarta Messaging 3.1 sections 3.4.13 and 7.9: JMSDeliveryTime = time of send + delay; not
 * delivered before it) and time to live (sections 3.4.9 and 7.8: JMSExpiration = time of send + time to live; an
 * expired message is never delivered).
 */
@ExtendWith(PostgresExtension.class)
class DeliveryDelayAndExpiryTest {

    private static final long DELAY_MS = 1_200;

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

    /** Waits, by the clock, until {@code epochMillis} has passed: what expiry and delivery time are measured by. */
    private static void awaitClockPast(long epochMillis) {
        Await.until(() -> System.currentTimeMillis() > epochMillis, Duration.ofSeconds(10),
                () -> "the clock did not pass " + epochMillis);
    }

    @Test
    void delayedMessageIsNotDeliveredBeforeItsDeliveryTimeAndIsAfter() throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("delay.queue");
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryDelay(DELAY_MS);
        assertEquals(DELAY_MS, producer.getDeliveryDelay());
        TextMessage delayed = session.createTextMessage("later");
        producer.send(delayed);
        assertEquals(delayed.getJMSTimestamp() + DELAY_MS, delayed.getJMSDeliveryTime(),
                "JMSDeliveryTime is the time of the send plus the delivery delay");

        producer.setDeliveryDelay(0);
        TextMessage immediate = session.createTextMessage("now");
        producer.send(immediate);
        assertEquals(immediate.getJMSTimestamp(), immediate.getJMSDeliveryTime());

        MessageConsumer consumer = session.createConsumer(queue);
        Message first = consumer.receive(2_000);
        assertNotNull(first);
        assertEquals("now", ((TextMessage) first).getText(), "a delayed message does not hold up later ones");
        assertNull(consumer.receive(300), "not delivered before its delivery time");
        assertThat(System.currentTimeMillis()).isLessThan(delayed.getJMSDeliveryTime());

        Message late = consumer.receive(DELAY_MS + 3_000);
        long receivedAt = System.currentTimeMillis();
        assertNotNull(late, "delivered once its delivery time came");
        assertEquals("later", ((TextMessage) late).getText());
        assertThat(receivedAt).isGreaterThanOrEqualTo(delayed.getJMSDeliveryTime());
        assertEquals(delayed.getJMSDeliveryTime(), late.getJMSDeliveryTime());
        assertEquals(false, late.getJMSRedelivered(), "waiting for the delivery time is not a redelivery");
        assertEquals(1, late.getIntProperty("JMSXDeliveryCount"));
        session.close();
    }

    @Test
    void delayedMessageReachesATopicSubscriberAfterTheDelay() throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = session.createTopic("delay.topic");
        MessageConsumer subscriber = session.createConsumer(topic);
        MessageProducer producer = session.createProducer(topic);
        producer.setDeliveryDelay(DELAY_MS);
        TextMessage sent = session.createTextMessage("delayed news");
        producer.send(sent);
        assertNull(subscriber.receive(300));
        Message received = subscriber.receive(DELAY_MS + 3_000);
        assertNotNull(received);
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(sent.getJMSDeliveryTime());
        session.close();
    }

    @Test
    void simplifiedApiDelaysDelivery() {
        try (JMSContext context = factory.createContext()) {
            Queue queue = context.createQueue("delay.context");
            JMSConsumer consumer = context.createConsumer(queue);
            long sentAt = System.currentTimeMillis();
            context.createProducer().setDeliveryDelay(DELAY_MS).send(queue, "delayed body");
            assertNull(consumer.receiveBody(String.class, 300));
            assertEquals("delayed body", consumer.receiveBody(String.class, DELAY_MS + 3_000));
            assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(sentAt + DELAY_MS);
        }
    }

    @Test
    void delayedMessageInATransactedSessionIsDeliveredAfterCommitAndDelay() throws JMSException {
        Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
        Queue queue = session.createQueue("delay.transacted");
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryDelay(DELAY_MS);
        TextMessage sent = session.createTextMessage("delayed in a transaction");
        producer.send(sent);
        session.commit();
        Session receiving = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = receiving.createConsumer(queue);
        assertNull(consumer.receive(300));
        assertEquals(List.of("delayed in a transaction"), receiveTexts(consumer, 1, DELAY_MS + 3_000));
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(sent.getJMSDeliveryTime());
        session.close();
        receiving.close();
    }

    @Test
    void expiredMessageIsNeverDelivered() throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("expiry.queue");
        MessageProducer producer = session.createProducer(queue);
        producer.setTimeToLive(300);
        TextMessage shortLived = session.createTextMessage("short-lived");
        producer.send(shortLived);
        assertEquals(shortLived.getJMSTimestamp() + 300, shortLived.getJMSExpiration(),
                "JMSExpiration is the time of the send plus the time to live");
        TextMessage explicit = session.createTextMessage("explicit ttl");
        producer.send(explicit, DeliveryMode.NON_PERSISTENT, 4, 250);
        assertEquals(explicit.getJMSTimestamp() + 250, explicit.getJMSExpiration());
        producer.setTimeToLive(0);
        TextMessage forever = session.createTextMessage("forever");
        producer.send(forever);
        assertEquals(0, forever.getJMSExpiration(), "no time to live, no expiration");

        awaitClockPast(shortLived.getJMSExpiration() + 50);
        MessageConsumer consumer = session.createConsumer(queue);
        assertEquals(List.of("forever"), receiveTexts(consumer, 3, 1_000));
        session.close();
    }

    @Test
    void receivedMessageCarriesTheExpirationItWasSentWith() throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("expiry.header");
        MessageProducer producer = session.createProducer(queue);
        producer.setTimeToLive(60_000);
        TextMessage sent = session.createTextMessage("lives a minute");
        producer.send(sent);
        Message received = session.createConsumer(queue).receive(2_000);
        assertNotNull(received);
        assertEquals(sent.getJMSExpiration(), received.getJMSExpiration());
        session.close();
    }

    @Test
    void messageThatExpiresAfterARollbackIsNotRedelivered() throws JMSException {
        Session sender = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = sender.createQueue("expiry.rollback");
        MessageProducer producer = sender.createProducer(queue);
        producer.setTimeToLive(1_000);
        TextMessage sent = sender.createTextMessage("expires in flight");
        producer.send(sent);

        Session transacted = connection.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer consumer = transacted.createConsumer(queue);
        assertEquals(List.of("expires in flight"), receiveTexts(consumer, 1, 2_000));
        awaitClockPast(sent.getJMSExpiration() + 50);
        transacted.rollback();
        assertNull(consumer.receive(300), "an expired message is not redelivered");
        sender.close();
        transacted.close();
    }

    @Test
    void messageExpiredWhileADurableSubscriberWasAwayIsNotDelivered() throws JMSException {
        try (Connection subscriber = factory.createConnection()) {
            subscriber.setClientID("expiry-durable");
            Session session = subscriber.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic("expiry.durable");
            session.createDurableConsumer(topic, "away").close();

            Session publisher = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = publisher.createProducer(topic);
            TextMessage shortLived = publisher.createTextMessage("short-lived");
            producer.send(shortLived, DeliveryMode.PERSISTENT, 4, 300);
            producer.send(publisher.createTextMessage("kept"));
            awaitClockPast(shortLived.getJMSExpiration() + 50);

            subscriber.start();
            MessageConsumer consumer = session.createDurableConsumer(topic, "away");
            assertEquals(List.of("kept"), receiveTexts(consumer, 2, 1_000));
            consumer.close();
            session.unsubscribe("away");
            publisher.close();
        }
    }

    @Test
    void simplifiedApiTimeToLiveSetsExpirationAndExpiredMessagesAreDropped() {
        try (JMSContext context = factory.createContext()) {
            Queue queue = context.createQueue("expiry.context");
            TextMessage shortLived = context.createTextMessage("short-lived");
            context.createProducer().setTimeToLive(300).send(queue, shortLived);
            assertThat(expirationOf(shortLived)).isGreaterThan(0);
            context.createProducer().send(queue, "kept");
            awaitClockPast(expirationOf(shortLived) + 50);
            JMSConsumer consumer = context.createConsumer(queue);
            assertEquals("kept", consumer.receiveBody(String.class, 2_000));
            assertNull(consumer.receiveBody(String.class, 300));
        }
    }

    private static long expirationOf(Message message) {
        try {
            return message.getJMSExpiration();
        } catch (JMSException e) {
            throw new AssertionError(e);
        }
    }
}
