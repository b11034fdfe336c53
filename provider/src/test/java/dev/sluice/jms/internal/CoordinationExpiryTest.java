package dev.sluice.jms.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.jms.JmsTestSupport;
import dev.sluice.jms.SluiceConnectionFactory;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The connections of a JVM share one coordination session; when it expires under them (the database was out of
 * reach for longer than its timeout), each says so to its ExceptionListener.
 */
@ExtendWith(PostgresExtension.class)
class CoordinationExpiryTest {

    @Test
    void everyConnectionOfTheSessionHearsThatItExpired(TestDatabase db) throws Exception {
        SluiceConnectionFactory factory = JmsTestSupport.factory(db, "sessionTimeoutMs=1500");
        List<JMSException> reported = new CopyOnWriteArrayList<>();
        List<JMSException> reportedToSibling = new CopyOnWriteArrayList<>();
        // Another JVM's coordination client (a different pool size makes it another backend) notices the expiry.
        SluiceConnectionFactory elsewhere = JmsTestSupport.factory(db, "sessionTimeoutMs=1500", "poolSize=3");
        try (Connection stalled = factory.createConnection();
             Connection sweeper = elsewhere.createConnection()) {
            stalled.setClientID("expiring-client");
            stalled.setExceptionListener(reported::add);
            Connection sibling = factory.createConnection();
            sibling.setClientID("sibling-client");
            sibling.setExceptionListener(reportedToSibling::add);
            sweeper.setClientID("sweeping-client");
            ((SluiceConnection) stalled).coordination().stopHeartbeatsForTesting();

            Await.until(() -> !reported.isEmpty() && !reportedToSibling.isEmpty(), Duration.ofSeconds(30),
                    () -> "ExceptionListeners heard " + reported + " and " + reportedToSibling);
            sibling.close();
            assertThat(reported.get(0).getMessage()).contains("coordination session").contains("expired")
                    .contains("expiring-client");
            assertThat(reported.get(0).getErrorCode()).isEqualTo("SESSION_EXPIRED");
        }
    }

    @Test
    void aConnectionThatLostItsSessionFailsLoudlyInsteadOfReceivingNothing(TestDatabase db) throws Exception {
        SluiceConnectionFactory factory = JmsTestSupport.factory(db, "sessionTimeoutMs=1500");
        SluiceConnectionFactory elsewhere = JmsTestSupport.factory(db, "sessionTimeoutMs=1500", "poolSize=3");
        List<JMSException> reported = new CopyOnWriteArrayList<>();
        try (Connection stalled = factory.createConnection();
             Connection sweeper = elsewhere.createConnection()) {
            stalled.setClientID("losing-client");
            stalled.setExceptionListener(reported::add);
            sweeper.setClientID("sweeping-client-2");
            Session session = stalled.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic("lost-topic");
            MessageConsumer subscriber = session.createConsumer(topic);
            Session listenerSession = stalled.createSession(false, Session.AUTO_ACKNOWLEDGE);
            List<Message> heard = new CopyOnWriteArrayList<>();
            listenerSession.createConsumer(topic).setMessageListener(heard::add);
            stalled.start();
            AtomicReference<Throwable> receiveEnded = new AtomicReference<>();
            Thread receiver = new Thread(() -> {
                try {
                    subscriber.receive();
                    receiveEnded.set(new AssertionError("receive returned"));
                } catch (JMSException e) {
                    receiveEnded.set(e);
                }
            });
            receiver.start();

            ((SluiceConnection) stalled).coordination().stopHeartbeatsForTesting();
            Await.until(() -> receiveEnded.get() != null, Duration.ofSeconds(30),
                    () -> "a receive waiting on a subscription that expired never ended");
            assertThat(receiveEnded.get()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("lost its coordination session");
            assertThat(((JMSException) receiveEnded.get()).getErrorCode()).isEqualTo("SESSION_EXPIRED");
            Await.until(() -> !reported.isEmpty(), Duration.ofSeconds(10), () -> "ExceptionListener not told");
            assertThat(reported).hasSize(1);
            assertThatThrownBy(() -> session.createTextMessage("x")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("losing-client");
            assertThatThrownBy(() -> subscriber.receiveNoWait()).isInstanceOf(IllegalStateException.class);

            try (Session publisher = sweeper.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                publisher.createProducer(publisher.createTopic("lost-topic"))
                        .send(publisher.createTextMessage("nobody hears this one"));
            }
            try (Connection taker = elsewhere.createConnection()) {
                taker.setClientID("losing-client");
            }
            assertThat(heard).isEmpty();
            assertThat(reported).as("told once, not at every retry of the listener").hasSize(1);
        }
    }

    @Test
    void connectionsOfOneJvmShareOneCoordinationSessionAndGiveBackTheirClientIdsOnClose(TestDatabase db)
            throws Exception {
        SluiceConnectionFactory factory = JmsTestSupport.factory(db, "poolSize=5");
        List<Connection> connections = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                Connection connection = factory.createConnection();
                connections.add(connection);
                connection.setClientID("shared-" + i);
            }
            java.util.Set<Long> sessions = new java.util.HashSet<>();
            for (Connection connection : connections) {
                sessions.add(((SluiceConnection) connection).coordination().sessionId());
            }
            assertThat(sessions).hasSize(1);
            connections.get(0).close();
            try (Connection again = factory.createConnection()) {
                again.setClientID("shared-0");
            }
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }
}
