package dev.sluice.jms;

import static dev.sluice.jms.JmsTestSupport.receiveTexts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class QueueTest {

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
    void sentMessageIsReceivedWithItsHeadersAndProperties() throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("basic");
        MessageProducer producer = session.createProducer(queue);
        TextMessage sent = session.createTextMessage("hello");
        sent.setStringProperty("orderId", "42");
        sent.setIntProperty("count", 7);
        sent.setJMSCorrelationID("corr-1");
        sent.setJMSType("greeting");
        producer.send(sent, DeliveryMode.PERSISTENT, 6, 0);

        assertNotNull(sent.getJMSMessageID());
        assertTrue(sent.getJMSMessageID().startsWith("ID:"));
        assertTrue(sent.getJMSTimestamp() > 0);

        MessageConsumer consumer = session.createConsumer(queue);
        TextMessage received = (TextMessage) consumer.receive(5_000);
        assertNotNull(received);
        assertEquals("hello", received.getText());
        assertEquals(sent.getJMSMessageID(), received.getJMSMessageID());
        assertEquals("42", received.getStringProperty("orderId"));
        assertEquals(7, received.getIntProperty("count"));
        assertEquals("corr-1", received.getJMSCorrelationID());
        assertEquals("greeting", received.getJMSType());
        assertEquals(6, received.getJMSPriority());
        assertEquals(DeliveryMode.PERSISTENT, received.getJMSDeliveryMode());
        assertEquals(queue, received.getJMSDestination());
        assertFalse(received.getJMSRedelivered());
        assertEquals(1, received.getIntProperty("JMSXDeliveryCount"));
        assertNull(consumer.receiveNoWait());
        session.close();
    }

    @Test
    void messagesFromOneSessionArriveInOrderAcrossPartitions() throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("ordered.four");
        List<MessageProducer> producers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            Session producerSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            producers.add(producerSession.createProducer(queue));
        }
        for (int i = 0; i < 50; i++) {
            for (int p = 0; p < producers.size(); p++) {
                TextMessage message = session.createTextMessage(p + ":" + i);
                producers.get(p).send(message);
            }
        }
        MessageConsumer consumer = session.createConsumer(queue);
        List<String> received = receiveTexts(consumer, 200, 5_000);
        assertEquals(200, received.size());
        for (int p = 0; p < 4; p++) {
            String prefix = p + ":";
            List<Integer> sequence = received.stream().filter(text -> text.startsWith(prefix))
                    .map(text -> Integer.parseInt(text.substring(prefix.length()))).toList();
            assertEquals(IntStream.range(0, 50).boxed().toList(), sequence, "order of producer " + p);
        }
        session.close();
    }

    @Test
    void competingConsumersOnTwoConnectionsShareTenThousandMessagesExactlyOnce() throws Exception {
        int total = 10_000;
        Session sender = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = sender.createQueue("compete.10k");
        MessageProducer producer = sender.createProducer(queue);
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        for (int i = 0; i < total; i++) {
            producer.send(sender.createTextMessage(Integer.toString(i)));
        }
        Connection second = factory.createConnection();
        second.start();
        try {
            List<Thread> threads = new ArrayList<>();
            List<List<String>> received = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.atomic.AtomicInteger redelivered = new java.util.concurrent.atomic.AtomicInteger();
            for (int c = 0; c < 4; c++) {
                Connection owner = c % 2 == 0 ? connection : second;
                List<String> mine = new ArrayList<>();
                received.add(mine);
                Session session = owner.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(queue);
                Thread thread = new Thread(() -> {
                    try {
                        Message message;
                        while ((message = consumer.receive(3_000)) != null) {
                            if (message.getJMSRedelivered()) {
                                redelivered.incrementAndGet();
                            }
                            mine.add(((TextMessage) message).getText());
                        }
                        session.close();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "consumer-" + c);
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join(120_000);
            }
            assertThat(failures).isEmpty();
            List<String> all = received.stream().flatMap(List::stream).toList();
            assertEquals(total, new java.util.HashSet<>(all).size(), "every message received");
            assertEquals(total + redelivered.get(), all.size(), "duplicates only as flagged redeliveries");
            assertThat(received).allSatisfy(list -> assertThat(list).isNotEmpty());
        } finally {
            second.close();
        }
    }

    @Test
    void transactedSendIsInvisibleUntilCommitAndRollbackLeavesNothing() throws JMSException {
        Session transacted = connection.createSession(true, Session.SESSION_TRANSACTED);
        Queue queue = transacted.createQueue("tx.send");
        MessageProducer producer = transacted.createProducer(queue);
        producer.send(transacted.createTextMessage("rolled back"));
        Session reader = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = reader.createConsumer(queue);
        assertNull(consumer.receive(300), "uncommitted send is invisible");
        transacted.rollback();
        assertNull(consumer.receive(300), "rolled back send is gone");

        producer.send(transacted.createTextMessage("committed"));
        transacted.commit();
        assertEquals(List.of("committed"), receiveTexts(consumer, 1, 5_000));
        transacted.close();
        reader.close();
    }

    @Test
    void transactedReceiveRollbackRedeliversWithIncrementedCount() throws JMSException {
        Session transacted = connection.createSession(true, Session.SESSION_TRANSACTED);
        Queue queue = transacted.createQueue("tx.receive");
        MessageProducer producer = transacted.createProducer(queue);
        producer.send(transacted.createTextMessage("a"));
        producer.send(transacted.createTextMessage("b"));
        transacted.commit();

        MessageConsumer consumer = transacted.createConsumer(queue);
        Message first = consumer.receive(5_000);
        assertEquals("a", ((TextMessage) first).getText());
        assertFalse(first.getJMSRedelivered());
        transacted.rollback();

        Message again = consumer.receive(5_000);
        assertEquals("a", ((TextMessage) again).getText());
        assertTrue(again.getJMSRedelivered());
        assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
        assertEquals("b", ((TextMessage) consumer.receive(5_000)).getText());
        transacted.commit();
        assertNull(consumer.receive(300));
        transacted.close();
    }

    @Test
    void clientAcknowledgeAcknowledgesExactlyTheSessionsConsumedMessages() throws JMSException {
        Session client = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue queue = client.createQueue("client.ack");
        MessageProducer producer = client.createProducer(queue);
        for (String text : List.of("1", "2", "3", "4")) {
            producer.send(client.createTextMessage(text));
        }
        MessageConsumer consumer = client.createConsumer(queue);
        Message one = consumer.receive(5_000);
        consumer.receive(5_000);
        one.acknowledge(); // acknowledges 1 and 2, the session's consumed messages
        Message three = consumer.receive(5_000);
        assertEquals("3", ((TextMessage) three).getText());
        client.recover(); // 3 not acknowledged: redelivered

        List<String> rest = receiveTexts(consumer, 2, 5_000);
        assertEquals(List.of("3", "4"), rest);
        client.close(); // 3 and 4 unacknowledged: back on the queue

        Session other = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        List<String> left = receiveTexts(other.createConsumer(queue), 4, 1_000);
        assertEquals(List.of("3", "4"), left);
        other.close();
    }

    @Test
    void stoppedConnectionDeliversNothingUntilStarted() throws Exception {
        Connection paused = factory.createConnection();
        try {
            Session session = paused.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue("paused");
            session.createProducer(queue).send(session.createTextMessage("waiting"));
            MessageConsumer consumer = session.createConsumer(queue);
            assertNull(consumer.receive(300), "not started yet");
            paused.start();
            assertEquals(List.of("waiting"), receiveTexts(consumer, 1, 5_000));
        } finally {
            paused.close();
        }
    }

    @Test
    void listenerReceivesAsynchronouslyAndCloseWaitsForIt() throws Exception {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("listened");
        List<String> heard = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch three = new java.util.concurrent.CountDownLatch(3);
        MessageConsumer consumer = session.createConsumer(queue);
        consumer.setMessageListener(message -> {
            try {
                heard.add(((TextMessage) message).getText());
            } catch (JMSException e) {
                throw new IllegalArgumentException(e);
            }
            three.countDown();
        });
        Session sender = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = sender.createProducer(queue);
        for (String text : List.of("x", "y", "z")) {
            producer.send(sender.createTextMessage(text));
        }
        assertTrue(three.await(10, java.util.concurrent.TimeUnit.SECONDS), "heard " + heard);
        assertEquals(List.of("x", "y", "z"), heard);
        assertThrows(IllegalStateException.class, consumer::receiveNoWait);
        session.close();
        sender.close();
    }

    /**
     * The javadoc of Session.close lets a listener's close of its own session fail or succeed; Sluice fails with
     * IllegalStateException (TCK {@code listenerexceptiontests#illegalStateExceptionTest3}), and the session stays
     * usable until it is closed from elsewhere.
     */
    @Test
    void listenerMustNotCloseItsOwnSession() throws Exception {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("listener.close-own-session");
        AtomicReference<Exception> thrown = new AtomicReference<>();
        CountDownLatch heard = new CountDownLatch(1);
        session.createConsumer(queue).setMessageListener(message -> {
            try {
                session.close();
            } catch (JMSException e) {
                thrown.set(e);
            } finally {
                heard.countDown();
            }
        });
        Session sender = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        sender.createProducer(queue).send(sender.createTextMessage("close your session"));
        assertTrue(heard.await(10, TimeUnit.SECONDS), "the listener ran");
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("MessageListener");
        assertFalse(session.getTransacted(), "the session is still open");
        session.close();
        sender.close();
    }

    @Test
    void closedObjectsSayWhatIsClosed() throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue("closing"));
        session.close();
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> producer.send(session.createTextMessage("x")));
        assertThat(error).hasMessageContaining("closed");
    }

    @Test
    void badDestinationNamesAreInvalidDestinationException() throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        InvalidDestinationException error = assertThrows(InvalidDestinationException.class,
                () -> session.createQueue("no spaces allowed"));
        assertThat(error).hasMessageContaining("no spaces allowed");
        session.close();
    }

    @Test
    void replyToAForeignDestinationWhoseNameCannotBeReadIsAMessageFormatException() throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue("queue.foreign-reply"));
        TextMessage message = session.createTextMessage("reply elsewhere");
        message.setJMSReplyTo(new Queue() {
            @Override
            public String getQueueName() throws JMSException {
                throw new JMSException("this provider cannot tell");
            }
        });
        jakarta.jms.MessageFormatException refused = assertThrows(jakarta.jms.MessageFormatException.class,
                () -> producer.send(message));
        assertThat(refused).hasMessageContaining("JMSReplyTo");
        session.close();
    }
}
