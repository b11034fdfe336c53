package dev.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A value Sluice cannot store exactly is refused at send with a MessageFormatException naming it, and fails only
 * that send: the other producers' messages, group-committed with it, are all written.
 */
@ExtendWith(PostgresExtension.class)
class BadInputTest {

    private static SluiceConnectionFactory factory;

    @BeforeAll
    static void open(TestDatabase db) {
        factory = JmsTestSupport.factory(db);
    }

    @Test
    void aNulInAHeaderFailsOnlyItsOwnSendAmongNineConcurrentProducers() throws Exception {
        int producers = 9;
        int perProducer = 300;
        try (Connection connection = factory.createConnection()) {
            ExecutorService pool = Executors.newFixedThreadPool(producers);
            List<Future<List<String>>> refusals = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int producerNumber = p;
                refusals.add(pool.submit(() -> {
                    List<String> refused = new ArrayList<>();
                    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageProducer producer = session.createProducer(session.createQueue("bad.input"));
                    for (int i = 0; i < perProducer; i++) {
                        TextMessage message = session.createTextMessage(producerNumber + "-" + i);
                        producer.send(message);
                        if (producerNumber == 0 && i % 100 == 50) {
                            TextMessage bad = session.createTextMessage("bad " + i);
                            bad.setJMSType("order\u0000type");
                            refused.add(assertThrows(MessageFormatException.class, () -> producer.send(bad))
                                    .getMessage());
                        }
                    }
                    session.close();
                    return refused;
                }));
            }
            List<String> messages = new ArrayList<>();
            for (Future<List<String>> refusal : refusals) {
                messages.addAll(refusal.get());
            }
            pool.shutdown();
            assertThat(messages).hasSize(3).allSatisfy(message -> assertThat(message)
                    .contains("JMSType contains U+0000 (NUL) at index 5"));

            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("bad.input"));
            connection.start();
            List<String> received = JmsTestSupport.receiveTexts(consumer, producers * perProducer, 30_000);
            assertThat(received).hasSize(producers * perProducer).doesNotHaveDuplicates()
                    .noneMatch(body -> body.startsWith("bad"));
        }
    }

    @Test
    void aTextWithAnUnpairedSurrogateIsRefusedAndAPairArrivesIntact() throws Exception {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue("bad.surrogates");
            MessageProducer producer = session.createProducer(queue);
            MessageFormatException refused = assertThrows(MessageFormatException.class,
                    () -> producer.send(session.createTextMessage("a\uD800b")));
            assertThat(refused).hasMessageContaining("The text body contains an unpaired surrogate U+D800 at index 1");
            TextMessage grouped = session.createTextMessage("grouped");
            grouped.setStringProperty("JMSXGroupID", "group\u0000");
            assertThat(assertThrows(MessageFormatException.class, () -> producer.send(grouped)))
                    .hasMessageContaining("JMSXGroupID contains U+0000");
            producer.send(session.createTextMessage("smile \uD83D\uDE00"));
            MessageConsumer consumer = session.createConsumer(queue);
            connection.start();
            assertThat(JmsTestSupport.receiveTexts(consumer, 1, 30_000)).containsExactly("smile \uD83D\uDE00");
        }
    }
}
