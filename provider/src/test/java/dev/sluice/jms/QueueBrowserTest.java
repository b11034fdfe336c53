package dev.sluice.jms;

import static dev.sluice.jms.JmsTestSupport.receiveTexts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * QueueBrowser (Jakarta Messaging 3.1 section 8.6): looks at the messages on a queue without removing them, only
 * those matching its selector, and only those a consumer could receive now.
 */
@ExtendWith(PostgresExtension.class)
class QueueBrowserTest {

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

    private static List<String> browse(QueueBrowser browser) throws JMSException {
        List<String> texts = new ArrayList<>();
        Enumeration<?> enumeration = browser.getEnumeration();
        while (enumeration.hasMoreElements()) {
            texts.add(((TextMessage) enumeration.nextElement()).getText());
        }
        return texts;
    }

    private static List<String> send(Session session, Queue queue, String prefix, int count) throws JMSException {
        MessageProducer producer = session.createProducer(queue);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TextMessage message = session.createTextMessage(prefix + i);
            message.setIntProperty("n", i);
            producer.send(message);
            texts.add(prefix + i);
        }
        producer.close();
        return texts;
    }

    @Test
    void browsingShowsWaitingMessagesInOrderWithoutConsumingThem() throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("browse.basic");
        List<String> sent = send(session, queue, "m", 5);
        QueueBrowser browser = session.createBrowser(queue);
        assertEquals(queue, browser.getQueue());
        assertNull(browser.getMessageSelector());
        assertNull(session.createBrowser(queue, "  ").getMessageSelector(), "a blank selector is no selector");
        assertEquals(sent, browse(browser));
        assertEquals(sent, browse(browser), "browsing again shows the same messages: nothing was consumed");

        MessageConsumer consumer = session.createConsumer(queue);
        assertEquals(sent, receiveTexts(consumer, 5, 2_000));
        assertEquals(List.of(), browse(browser), "consumed messages are no longer on the queue");
        browser.close();
        session.close();
    }

    @Test
    void browsingWithASelectorShowsOnlyMatchingMessages() throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("browse.selector");
        send(session, queue, "m", 10);
        QueueBrowser evens = session.createBrowser(queue, "n / 2 * 2 = n AND n >= 4");
        assertEquals("n / 2 * 2 = n AND n >= 4", evens.getMessageSelector());
        assertEquals(List.of("m4", "m6", "m8"), browse(evens));
        assertEquals(10, browse(session.createBrowser(queue)).size(), "the selector hid, it did not remove");
        session.close();
    }

    @Test
    void browsingDoesNotShowAcknowledgedMessagesButShowsAllPartitions() throws JMSException {
        Session consumerSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = consumerSession.createQueue("browse.partitions");
        List<String> expected = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            Session sender = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            expected.addAll(send(sender, queue, "s" + s + "-", 3));
            sender.close();
        }
        QueueBrowser browser = consumerSession.createBrowser(queue);
        assertThat(browse(browser)).containsExactlyInAnyOrderElementsOf(expected);

        MessageConsumer consumer = consumerSession.createConsumer(queue);
        List<String> consumed = receiveTexts(consumer, 5, 2_000);
        assertEquals(5, consumed.size());
        consumer.close();
        List<String> remaining = new ArrayList<>(expected);
        remaining.removeAll(consumed);
        assertThat(browse(browser)).containsExactlyInAnyOrderElementsOf(remaining);
        consumerSession.close();
    }

    @Test
    void browsingDoesNotShowMessagesBeforeTheirDeliveryTimeNorExpiredOnes() throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("browse.times");
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryDelay(60_000);
        producer.send(session.createTextMessage("next minute"));
        producer.setDeliveryDelay(0);
        producer.setTimeToLive(1);
        TextMessage expired = session.createTextMessage("expired");
        producer.send(expired);
        producer.setTimeToLive(0);
        producer.send(session.createTextMessage("visible"));
        dev.sluice.testing.Await.until(() -> System.currentTimeMillis() > expirationOf(expired) + 20,
                java.time.Duration.ofSeconds(5), () -> "clock did not pass the expiration");
        assertEquals(List.of("visible"), browse(session.createBrowser(queue)));
        session.close();
    }

    private static long expirationOf(Message message) {
        try {
            return message.getJMSExpiration();
        } catch (JMSException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void browserMessagesCarryTheirHeadersAndProperties() throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("browse.headers");
        TextMessage sent = session.createTextMessage("with headers");
        sent.setJMSCorrelationID("corr-7");
        sent.setStringProperty("region", "eu");
        session.createProducer(queue).send(sent);
        Enumeration<?> enumeration = session.createBrowser(queue).getEnumeration();
        Message browsed = (Message) enumeration.nextElement();
        assertEquals(sent.getJMSMessageID(), browsed.getJMSMessageID());
        assertEquals("corr-7", browsed.getJMSCorrelationID());
        assertEquals("eu", browsed.getStringProperty("region"));
        assertEquals(queue, browsed.getJMSDestination());
        assertFalse(enumeration.hasMoreElements());
        session.close();
    }

    @Test
    void closedBrowserCannotBeUsed() throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        QueueBrowser browser = session.createBrowser(session.createQueue("browse.closed"));
        browser.close();
        assertThrows(IllegalStateException.class, browser::getEnumeration);
        QueueBrowser another = session.createBrowser(session.createQueue("browse.closed"));
        session.close();
        assertThrows(IllegalStateException.class, another::getEnumeration, "the session was closed");
    }

    @Test
    void simplifiedApiBrowsesWithASelector() throws JMSException {
        try (JMSContext context = factory.createContext()) {
            Queue queue = context.createQueue("browse.context");
            for (int i = 0; i < 6; i++) {
                context.createProducer().setProperty("n", i).send(queue, "c" + i);
            }
            QueueBrowser browser = context.createBrowser(queue, "n > 3");
            List<String> texts = new ArrayList<>();
            for (Object message : Collections.list(browser.getEnumeration())) {
                texts.add(((TextMessage) message).getText());
            }
            assertEquals(IntStream.range(4, 6).mapToObj(i -> "c" + i).toList(), texts);
        }
    }
}
