package dev.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.testing.Await;
import dev.sluice.testing.ChildJvm;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A client process killed with SIGKILL loses nothing and holds nothing for longer than its timeouts. */
@ExtendWith(PostgresExtension.class)
class CrashTest {

    private static final String TIMEOUTS = "leaseTimeoutMs=1500&sessionTimeoutMs=1500";

    @Test
    void killedConsumersUnacknowledgedMessagesAreRedeliveredToAnother(TestDatabase db) throws Exception {
        SluiceConnectionFactory factory = JmsTestSupport.factory(db, TIMEOUTS);
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("crash.queue"));
            for (int i = 0; i < 20; i++) {
                producer.send(session.createTextMessage("m" + i));
            }
            Set<String> takenByChild;
            try (ChildJvm child = ChildJvm.start(ChildConsumerMain.class, factory.getUrl() + "&user=" + db.user(),
                    "crash.queue", "5")) {
                child.awaitLine("received 5", Duration.ofSeconds(60));
                takenByChild = child.output().stream().filter(line -> line.startsWith("got "))
                        .map(line -> line.substring(4)).collect(Collectors.toSet());
                child.kill();
            }
            assertEquals(5, takenByChild.size());

            connection.start();
            MessageConsumer consumer = session.createConsumer(session.createQueue("crash.queue"));
            Set<String> received = new HashSet<>();
            Set<String> redelivered = new HashSet<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (received.size() < 20 && System.currentTimeMillis() < deadline) {
                Message message = consumer.receive(1_000);
                if (message != null) {
                    String text = ((TextMessage) message).getText();
                    received.add(text);
                    if (message.getJMSRedelivered()) {
                        redelivered.add(text);
                    }
                }
            }
            assertEquals(20, received.size(), "all messages, including the dead consumer's, arrive: " + received);
            assertThat(redelivered).containsAll(takenByChild);
        }
    }

    @Test
    void clientIdOfAKilledProcessIsFreedWithinTheSessionTimeout(TestDatabase db) throws Exception {
        SluiceConnectionFactory factory = JmsTestSupport.factory(db, TIMEOUTS);
        try (ChildJvm child = ChildJvm.start(ChildConsumerMain.class, factory.getUrl() + "&user=" + db.user(),
                "unused.queue", "0", "crashy")) {
            child.awaitLine("received 0", Duration.ofSeconds(60));
            Connection blocked = factory.createConnection();
            try {
                assertThrows(InvalidClientIDException.class, () -> blocked.setClientID("crashy"));
            } finally {
                blocked.close();
            }
            child.kill();
            long killedAt = System.nanoTime();
            Await.until(() -> canClaim(factory, "crashy"), Duration.ofMillis(1500 + 1000 + 500),
                    () -> "client ID 'crashy' still taken after the child was killed");
            long freedAfterMs = (System.nanoTime() - killedAt) / 1_000_000;
            assertThat(freedAfterMs).as("ms until the client ID was free").isLessThan(1500 + 1000 + 500);
        }
    }

    private static boolean canClaim(SluiceConnectionFactory factory, String clientId) {
        try (Connection connection = factory.createConnection()) {
            connection.setClientID(clientId);
            return true;
        } catch (InvalidClientIDException taken) {
            return false;
        } catch (JMSException e) {
            throw new AssertionError(e);
        }
    }

}
