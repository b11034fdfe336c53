package dev.sluice.jms;

import static dev.sluice.jms.JmsTestSupport.receiveTexts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Priority (Jakarta Messaging 3.1 section 3.4.10): 0-9, default 4; a provider should do its best to deliver
 * higher-priority messages waiting in a destination ahead of lower ones, and must keep the order of one producer's
 * messages of the same priority (section 6.2.9).
 */
@ExtendWith(PostgresExtension.class)
class PriorityTest {

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

    private static List<String> names(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    @Test
    void higherPriorityMessagesWaitingInAQueueAreDeliveredFirstInTheirSendOrder() throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("priority.one-producer");
        MessageProducer producer = session.createProducer(queue);
        for (int i = 0; i < 10; i++) {
            producer.send(session.createTextMessage("low-" + i), DeliveryMode.PERSISTENT, 1, 0);
        }
        for (int i = 0; i < 10; i++) {
            producer.send(session.createTextMessage("high-" + i), DeliveryMode.PERSISTENT, 8, 0);
        }
        MessageConsumer consumer = session.createConsumer(queue);
        List<String> expected = new ArrayList<>(names("high-", 10));
        expected.addAll(names("low-", 10));
        assertEquals(expected, receiveTexts(consumer, 20, 2_000));
        session.close();
    }

    @Test
    void orderWithinEachPriorityIsKeptWhenPrioritiesInterleave() throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("priority.interleaved");
        MessageProducer producer = session.createProducer(queue);
        int[] priorities = {4, 7, 0, 9, 4, 7, 0, 9, 2, 4, 7, 2, 9, 0, 4};
        record Sent(String text, int priority) { }
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < priorities.length; i++) {
            String text = "p" + priorities[i] + "-" + i;
            producer.send(session.createTextMessage(text), DeliveryMode.PERSISTENT, priorities[i], 0);
            sent.add(new Sent(text, priorities[i]));
        }
        List<String> expected = sent.stream().sorted(Comparator.comparingInt(Sent::priority).reversed())
                .map(Sent::text).toList();
        MessageConsumer consumer = session.createConsumer(queue);
        List<Message> received = new ArrayList<>();
        for (int i = 0; i < priorities.length; i++) {
            received.add(consumer.receive(2_000));
        }
        List<String> texts = new ArrayList<>();
        for (Message message : received) {
            texts.add(((TextMessage) message).getText());
            assertEquals(Integer.parseInt(((TextMessage) message).getText().substring(1, 2)),
                    message.getJMSPriority(), "JMSPriority as sent");
        }
        assertEquals(expected, texts);
        session.close();
    }

    @Test
    void higherPriorityMessagesAreDeliveredFirstWhateverMessageGroupTheyBelongTo() throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("priority.groups");
        MessageProducer producer = session.createProducer(queue);
        for (int i = 0; i < 10; i++) {
            TextMessage low = session.createTextMessage("low-" + i);
            low.setStringProperty("JMSXGroupID", "low-group-" + i);
            producer.send(low, DeliveryMode.PERSISTENT, 1, 0);
        }
        for (int i = 0; i < 10; i++) {
            TextMessage high = session.createTextMessage("high-" + i);
            high.setStringProperty("JMSXGroupID", "high-group-" + i);
            producer.send(high, DeliveryMode.PERSISTENT, 8, 0);
        }
        MessageConsumer consumer = session.createConsumer(queue);
        List<String> received = receiveTexts(consumer, 20, 2_000);
        assertEquals(20, received.size());
        assertThat(received.subList(0, 10)).as("the ten high-priority messages come first: %s", received)
                .allMatch(text -> text.startsWith("high-"));
        session.close();
    }

    @Test
    void higherPriorityMessagesFromAnotherSessionAreDeliveredFirst() throws JMSException {
        Session consumerSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = consumerSession.createQueue("priority.two-sessions");
        List<Session> senders = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            senders.add(connection.createSession(false, Session.AUTO_ACKNOWLEDGE));
        }
        for (int s = 0; s < 4; s++) {
            Session sender = senders.get(s);
            MessageProducer producer = sender.createProducer(queue);
            producer.send(sender.createTextMessage("low-" + s), DeliveryMode.PERSISTENT, 0, 0);
            producer.send(sender.createTextMessage("high-" + s), DeliveryMode.PERSISTENT, 9, 0);
        }
        MessageConsumer consumer = consumerSession.createConsumer(queue);
        List<String> received = receiveTexts(consumer, 8, 2_000);
        assertEquals(8, received.size());
        assertThat(received.subList(0, 4)).as("the four priority-9 messages come first: %s", received)
                .allMatch(text -> text.startsWith("high-"));
        for (Session sender : senders) {
            sender.close();
        }
        consumerSession.close();
    }

    @Test
    void defaultPriorityIsFourAndOutOfRangePrioritiesAreRejected() throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("priority.default");
        MessageProducer producer = session.createProducer(queue);
        assertEquals(Message.DEFAULT_PRIORITY, producer.getPriority());
        producer.send(session.createTextMessage("default"));
        assertEquals(4, session.createConsumer(queue).receive(2_000).getJMSPriority());
        assertThrows(JMSException.class, () -> producer.setPriority(10));
        assertThrows(JMSException.class, () -> producer.setPriority(-1));
        assertThrows(JMSException.class,
                () -> producer.send(session.createTextMessage("x"), DeliveryMode.PERSISTENT, 10, 0));
        session.close();
        try (JMSContext context = factory.createContext()) {
            assertThrows(JMSRuntimeException.class, () -> context.createProducer().setPriority(11));
        }
    }

    @Test
    void simplifiedApiProducerPriorityOrdersWaitingMessages() {
        try (JMSContext context = factory.createContext()) {
            Queue queue = context.createQueue("priority.context");
            context.createProducer().setPriority(2).send(queue, "normal");
            context.createProducer().setPriority(9).send(queue, "urgent");
            JMSConsumer consumer = context.createConsumer(queue);
            assertEquals("urgent", consumer.receiveBody(String.class, 2_000));
            assertEquals("normal", consumer.receiveBody(String.class, 2_000));
        }
    }
}
