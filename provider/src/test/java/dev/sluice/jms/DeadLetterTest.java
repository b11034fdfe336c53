package dev.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A message its consumers keep failing on (a listener that throws, a transaction rolled back) is delivered as often
 * as its destination allows (10 by default), then moved to the dead-letter queue {@code DLQ} with its properties and
 * where it came from; the messages behind it are delivered meanwhile.
 */
@ExtendWith(PostgresExtension.class)
class DeadLetterTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static SluiceConnectionFactory factory;

    @BeforeAll
    static void open(TestDatabase db) {
        factory = JmsTestSupport.factory(db);
    }

    private static void send(Session session, Queue queue, String... bodies) throws JMSException {
        MessageProducer producer = session.createProducer(queue);
        for (String body : bodies) {
            TextMessage message = session.createTextMessage(body);
            message.setStringProperty("order", body);
            producer.send(message);
        }
        producer.close();
    }

    /** The dead letters of {@code original} in DLQ, received (and acknowledged) within the deadline. */
    private static TextMessage deadLetterOf(Session session, String original) throws JMSException {
        MessageConsumer dlq = session.createConsumer(session.createQueue("DLQ"),
                "SluiceOriginalDestination = 'queue://" + original + "'");
        try {
            Message letter = dlq.receive(DEADLINE.toMillis());
            assertThat(letter).as("a dead letter from " + original).isInstanceOf(TextMessage.class);
            return (TextMessage) letter;
        } finally {
            dlq.close();
        }
    }

    @Test
    void aMessageItsListenerThrowsForIsDeliveredTenTimesThenDeadLetteredAndTheOthersGoOn() throws Exception {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue("dead.listener");
            send(session, queue, "poison", "a", "b", "c");
            AtomicInteger poisonDeliveries = new AtomicInteger();
            List<String> received = new CopyOnWriteArrayList<>();
            Session listening = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = listening.createConsumer(queue);
            consumer.setMessageListener(message -> {
                try {
                    String body = ((TextMessage) message).getText();
                    if (body.equals("poison")) {
                        poisonDeliveries.incrementAndGet();
                        throw new IllegalStateException("cannot process the poison");
                    }
                    received.add(body);
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            connection.start();
            Await.until(() -> received.size() == 3, DEADLINE, () -> "received " + received);
            TextMessage letter = deadLetterOf(session, "dead.listener");
            assertThat(letter.getText()).isEqualTo("poison");
            assertThat(letter.getStringProperty("order")).isEqualTo("poison");
            assertThat(letter.getLongProperty("SluiceDeliveryCount")).isEqualTo(10);
            assertThat(letter.getStringProperty("SluiceDeadLetterReason")).contains("delivered 10 times");
            assertThat(poisonDeliveries).hasValue(10);
            assertThat(received).containsExactlyInAnyOrder("a", "b", "c");
            consumer.close();
        }
    }

    @Test
    void aMessageWhoseTransactionIsRolledBackEachTimeIsDeadLettered() throws Exception {
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue("dead.rollback");
            send(session, queue, "poison");
            Session transacted = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = transacted.createConsumer(queue);
            for (int delivery = 1; delivery <= 10; delivery++) {
                Message message = consumer.receive(DEADLINE.toMillis());
                assertThat(message).as("delivery " + delivery).isNotNull();
                assertThat(message.getIntProperty("JMSXDeliveryCount")).isEqualTo(delivery);
                transacted.rollback();
            }
            assertThat(deadLetterOf(session, "dead.rollback").getText()).isEqualTo("poison");
            assertThat(consumer.receiveNoWait()).as("the poison left the queue").isNull();
            consumer.close();
        }
    }
}
