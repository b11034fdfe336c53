package dev.sluice.jms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.Serializable;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The simplified API's context rules (Jakarta Messaging 3.1 chapter 10 and the javadoc of {@code JMSContext} and
 * {@code JMSConsumer}): contexts made from a context share its connection, the connection starts with the first
 * consumer unless autoStart is off, receiveBody gives bodies and treats a body of the wrong type as the
 * specification says per session mode, acknowledge acknowledges in CLIENT_ACKNOWLEDGE, and failures are
 * JMSRuntimeExceptions.
 */
@ExtendWith(PostgresExtension.class)
class JMSContextTest {

    private static TestDatabase database;
    private static SluiceConnectionFactory factory;

    @BeforeAll
    static void open(TestDatabase db) {
        database = db;
        factory = JmsTestSupport.factory(db);
    }

    private static boolean redelivered(Message message) {
        try {
            return message.getJMSRedelivered();
        } catch (JMSException e) {
            throw new AssertionError(e);
        }
    }

    private static int deliveryCount(Message message) {
        try {
            return message.getIntProperty("JMSXDeliveryCount");
        } catch (JMSException e) {
            throw new AssertionError(e);
        }
    }

    private static String text(Message message) {
        try {
            return ((TextMessage) message).getText();
        } catch (JMSException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void clientIdCanBeSetImmediatelyAfterTheContextIsCreated() {
        try (JMSContext context = factory.createContext()) {
            context.setClientID("context-fresh");
            assertEquals("context-fresh", context.getClientID());
        }
    }

    @Test
    void clientIdCannotBeSetOnceTheContextWasUsed() {
        try (JMSContext context = factory.createContext()) {
            context.createConsumer(context.createQueue("context.used"));
            assertThrows(IllegalStateRuntimeException.class, () -> context.setClientID("too-late"));
        }
        try (JMSContext context = JmsTestSupport.factory(database, "clientID=context-admin").createContext()) {
            assertEquals("context-admin", context.getClientID());
            assertThrows(IllegalStateRuntimeException.class, () -> context.setClientID("other"),
                    "an administratively configured client ID cannot be replaced");
        }
    }

    @Test
    void contextCreatedFromAContextSharesItsConnection() {
        JMSContext parent = JmsTestSupport.factory(database, "clientID=context-parent").createContext();
        JMSContext child = parent.createContext(JMSContext.CLIENT_ACKNOWLEDGE);
        assertEquals("context-parent", child.getClientID(), "same connection, same client ID");
        assertEquals(JMSContext.CLIENT_ACKNOWLEDGE, child.getSessionMode());
        assertEquals(JMSContext.AUTO_ACKNOWLEDGE, parent.getSessionMode());

        TemporaryQueue parentsQueue = parent.createTemporaryQueue();
        JMSConsumer childConsumer = child.createConsumer(parentsQueue);
        parent.createProducer().send(parentsQueue, "for the shared connection");
        assertEquals("for the shared connection", childConsumer.receiveBody(String.class, 2_000),
                "only the connection that created a temporary queue may consume from it");

        Topic topic = parent.createTopic("context.shared-nolocal");
        JMSConsumer noLocal = child.createConsumer(topic, null, true);
        parent.createProducer().send(topic, "published by the same connection");
        assertNull(noLocal.receiveBody(String.class, 300), "noLocal: same connection");

        parent.close();
        child.createProducer().send(parentsQueue, "after the parent closed");
        assertEquals("after the parent closed", childConsumer.receiveBody(String.class, 2_000),
                "the connection stays open while another context uses it");
        child.acknowledge();
        child.close();

        try (JMSContext outsider = factory.createContext()) {
            assertThrows(InvalidDestinationRuntimeException.class,
                    () -> outsider.createProducer().send(parentsQueue, "after both closed"),
                    "closing the last context closed the connection and deleted its temporary queue");
        }
    }

    @Test
    void closedContextRefusesEverythingButClose() {
        JMSContext context = factory.createContext();
        context.close();
        context.close();
        assertThrows(IllegalStateRuntimeException.class, context::createProducer);
        assertThrows(IllegalStateRuntimeException.class, () -> context.createQueue("context.closed"));
        assertThrows(IllegalStateRuntimeException.class, () -> context.createContext(JMSContext.AUTO_ACKNOWLEDGE));
        assertThrows(IllegalStateRuntimeException.class, context::acknowledge);
    }

    @Test
    void connectionStartsWithTheFirstConsumerWhenAutoStartIsOn() {
        try (JMSContext context = factory.createContext(); JMSContext sender = factory.createContext()) {
            assertTrue(context.getAutoStart());
            Queue queue = context.createQueue("context.autostart");
            sender.createProducer().send(queue, "started by itself");
            JMSConsumer consumer = context.createConsumer(queue);
            assertEquals("started by itself", consumer.receiveBody(String.class, 2_000));
        }
    }

    @Test
    void nothingIsDeliveredUntilStartWhenAutoStartIsOff() {
        try (JMSContext context = factory.createContext(); JMSContext sender = factory.createContext()) {
            context.setAutoStart(false);
            assertFalse(context.getAutoStart());
            Queue queue = context.createQueue("context.manual-start");
            JMSConsumer consumer = context.createConsumer(queue);
            sender.createProducer().send(queue, "waits for start");
            assertNull(consumer.receiveBody(String.class, 300), "the connection is not started");
            context.start();
            assertEquals("waits for start", consumer.receiveBody(String.class, 2_000));
        }
    }

    @Test
    void receiveBodyReturnsTheBodyOfEachSupportedMessageType() {
        try (JMSContext context = factory.createContext()) {
            Queue queue = context.createQueue("context.bodies");
            JMSProducer producer = context.createProducer();
            producer.send(queue, "text body");
            producer.send(queue, Map.of("key", 42));
            producer.send(queue, new byte[] {1, 2, 3});
            producer.send(queue, (Serializable) Integer.valueOf(7));
            JMSConsumer consumer = context.createConsumer(queue);
            assertEquals("text body", consumer.receiveBody(String.class, 2_000));
            assertEquals(Map.of("key", 42), consumer.receiveBody(Map.class, 2_000));
            assertArrayEquals(new byte[] {1, 2, 3}, consumer.receiveBody(byte[].class, 2_000));
            assertEquals(7, consumer.receiveBody(Integer.class, 2_000));
            assertNull(consumer.receiveBodyNoWait(String.class));
        }
    }

    @Test
    void bodyOfTheWrongTypeThrowsAndTheMessageIsDeliveredAgainBeforeLaterOnes() {
        try (JMSContext context = factory.createContext()) {
            Queue queue = context.createQueue("context.wrong-type");
            context.createProducer().send(queue, "first").send(queue, "second");
            JMSConsumer consumer = context.createConsumer(queue);
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Integer.class, 2_000));
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(byte[].class, 2_000));
            assertEquals("first", consumer.receiveBody(String.class, 2_000));
            assertEquals("second", consumer.receiveBody(String.class, 2_000));
        }
    }

    @Test
    void messageGivenBackByAFailedReceiveBodyIsNotARedelivery() {
        try (JMSContext context = factory.createContext()) {
            Queue queue = context.createQueue("context.not-redelivered");
            context.createProducer().send(queue, "body");
            JMSConsumer consumer = context.createConsumer(queue);
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Map.class, 2_000));
            Message again = consumer.receive(2_000);
            assertNotNull(again);
            assertEquals("body", text(again));
            assertFalse(redelivered(again), "JMSRedelivered is not set after an unsuccessful receiveBody in"
                    + " AUTO_ACKNOWLEDGE mode");
            assertEquals(1, deliveryCount(again), "JMSXDeliveryCount is not incremented");
        }
    }

    @Test
    void failedReceiveBodyCountsAsDeliveredInClientAcknowledgeMode() {
        try (JMSContext context = factory.createContext(JMSContext.CLIENT_ACKNOWLEDGE)) {
            Queue queue = context.createQueue("context.client-wrong-type");
            context.createProducer().send(queue, "first").send(queue, "second");
            JMSConsumer consumer = context.createConsumer(queue);
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Integer.class, 2_000));
            assertEquals("second", consumer.receiveBody(String.class, 2_000),
                    "the failed message is not delivered again");
            context.recover();
            Message first = consumer.receive(2_000);
            assertNotNull(first);
            assertEquals("first", text(first), "recover redelivers it");
            assertTrue(redelivered(first));
            assertEquals(2, deliveryCount(first));
            assertEquals("second", text(consumer.receive(2_000)));
            context.acknowledge();
            assertNull(consumer.receiveNoWait());
        }
    }

    @Test
    void failedReceiveBodyCountsAsDeliveredInATransaction() {
        try (JMSContext context = factory.createContext(JMSContext.SESSION_TRANSACTED)) {
            Queue queue = context.createQueue("context.transacted-wrong-type");
            context.createProducer().send(queue, "first").send(queue, "second");
            context.commit();
            JMSConsumer consumer = context.createConsumer(queue);
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Integer.class, 2_000));
            assertEquals("second", consumer.receiveBody(String.class, 2_000));
            context.rollback();
            Message first = consumer.receive(2_000);
            assertNotNull(first);
            assertEquals("first", text(first));
            assertTrue(redelivered(first));
            assertEquals("second", text(consumer.receive(2_000)));
            context.commit();
            assertNull(consumer.receiveNoWait());
        }
    }

    @Test
    void receiveBodyOfAMessageWithoutBodyTypeThrowsAndTheMessageIsDeliveredAgain() {
        try (JMSContext context = factory.createContext()) {
            Queue queue = context.createQueue("context.plain-message");
            context.createProducer().send(queue, context.createMessage());
            JMSConsumer consumer = context.createConsumer(queue);
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(String.class, 2_000),
                    "a Message that is none of Text, Object, Map or BytesMessage is not a supported type");
            assertNotNull(consumer.receive(2_000), "and it is delivered again");
        }
    }

    @Test
    void receiveBodyOfATextMessageWithoutTextThrowsAndTheMessageIsDeliveredAgain() {
        try (JMSContext context = factory.createContext()) {
            Queue queue = context.createQueue("context.empty-text");
            context.createProducer().send(queue, context.createTextMessage());
            JMSConsumer consumer = context.createConsumer(queue);
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(String.class, 2_000),
                    "a TextMessage without text has no body");
            assertNotNull(consumer.receive(2_000), "and it is delivered again");
        }
    }

    @Test
    void receiveBodyOfAStreamMessageThrows() throws JMSException {
        try (JMSContext context = factory.createContext()) {
            Queue queue = context.createQueue("context.stream");
            StreamMessage stream = context.createStreamMessage();
            stream.writeString("in a stream");
            context.createProducer().send(queue, stream);
            JMSConsumer consumer = context.createConsumer(queue);
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Object.class, 2_000));
            Message again = consumer.receive(2_000);
            assertNotNull(again);
            assertEquals("in a stream", ((StreamMessage) again).readString());
        }
    }

    @Test
    void acknowledgeInClientAcknowledgeModeAcknowledgesEverythingConsumed() {
        Queue queue;
        try (JMSContext context = factory.createContext(JMSContext.CLIENT_ACKNOWLEDGE)) {
            queue = context.createQueue("context.acknowledge");
            JMSProducer producer = context.createProducer();
            for (int i = 0; i < 5; i++) {
                producer.send(queue, "a" + i);
            }
            JMSConsumer consumer = context.createConsumer(queue);
            for (int i = 0; i < 3; i++) {
                assertEquals("a" + i, consumer.receiveBody(String.class, 2_000));
            }
            context.acknowledge();
            assertEquals("a3", consumer.receiveBody(String.class, 2_000));
        }
        try (JMSContext context = factory.createContext(JMSContext.CLIENT_ACKNOWLEDGE)) {
            JMSConsumer consumer = context.createConsumer(queue);
            Message redelivered = consumer.receive(2_000);
            assertNotNull(redelivered);
            assertEquals("a3", text(redelivered), "received but not acknowledged: delivered again");
            assertTrue(redelivered(redelivered));
            assertEquals("a4", consumer.receiveBody(String.class, 2_000));
            context.acknowledge();
            assertNull(consumer.receiveBody(String.class, 300));
        }
    }

    @Test
    void failuresAreJmsRuntimeExceptions() {
        try (JMSContext context = factory.createContext()) {
            assertThrows(InvalidDestinationRuntimeException.class,
                    () -> context.createProducer().send(null, "nowhere"));
            assertThrows(InvalidDestinationRuntimeException.class, () -> context.createConsumer(null));
            assertThrows(IllegalStateRuntimeException.class, context::commit, "not transacted");
            assertThrows(IllegalStateRuntimeException.class, context::rollback, "not transacted");
        }
        try (JMSContext transacted = factory.createContext(JMSContext.SESSION_TRANSACTED)) {
            assertThrows(IllegalStateRuntimeException.class, transacted::recover, "transacted");
        }
    }
}
