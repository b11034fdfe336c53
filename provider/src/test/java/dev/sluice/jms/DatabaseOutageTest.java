package dev.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.embedded.EmbeddedPostgresServer;
import dev.sluice.testing.Await;
import dev.sluice.testing.Timing;
import jakarta.jms.Connection;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL stop longer than the coordination session timeout, with a live non-durable subscriber that holds a
 * client ID and a temporary queue: after the restart the subscriber receives everything published, its client ID is
 * still its own, its temporary queue still works, and sends during the outage fail with a JMSException instead of
 * hanging. Runs its own embedded server, stopped and started again on the same folder and port.
 */
class DatabaseOutageTest {

    private static final long SESSION_TIMEOUT_MS = 2_000;

    @TempDir
    Path dataDir;

    private EmbeddedPostgresServer server;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        connections.forEach(JmsTestSupport::closeQuietly);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aSubscriberKeepsItsSubscriptionClientIdAndTemporaryQueueThroughARestartLongerThanItsSessionTimeout()
            throws Exception {
        server = EmbeddedPostgresServer.start(dataDir, 0);
        int port = server.port();
        SluiceConnectionFactory factory = new SluiceConnectionFactory(server.jdbcUrl()
                + "&sessionTimeoutMs=" + SESSION_TIMEOUT_MS + "&defaultPartitions=2&databaseTimeoutMs=1500");
        factory.setUser(EmbeddedPostgresServer.USER);

        Connection subscriberConnection = open(factory);
        subscriberConnection.setClientID("cidX");
        List<JMSException> reported = new CopyOnWriteArrayList<>();
        subscriberConnection.setExceptionListener(reported::add);
        Session subscriberSession = subscriberConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = subscriberSession.createTopic("outage-prices");
        Set<String> received = ConcurrentHashMap.newKeySet();
        MessageConsumer subscriber = subscriberSession.createConsumer(topic);
        subscriber.setMessageListener(message -> {
            try {
                received.add(((TextMessage) message).getText());
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        Session replySession = subscriberConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryQueue replies = replySession.createTemporaryQueue();
        MessageConsumer replyConsumer = replySession.createConsumer(replies);
        subscriberConnection.start();

        Connection publisherConnection = open(factory);
        Session publisherSession = publisherConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer publisher = publisherSession.createProducer(topic);
        for (int i = 0; i < 100; i++) {
            publisher.send(publisherSession.createTextMessage("before-" + i));
        }
        Await.until(() -> received.size() == 100, Timing.seconds(20), () -> "received before " + received.size());

        server.close();
        long downAt = System.nanoTime();
        long sendStarted = System.nanoTime();
        assertThatThrownBy(() -> publisher.send(publisherSession.createTextMessage("during")))
                .isInstanceOf(JMSException.class);
        Duration sendFailedAfter = Duration.ofNanos(System.nanoTime() - sendStarted);
        System.out.println("A send with the database down failed after " + sendFailedAfter.toMillis() + " ms");
        assertThat(sendFailedAfter).as("a send while the database is down fails, bounded by databaseTimeoutMs")
                .isLessThan(Duration.ofSeconds(30));
        // The database stays down for three session timeouts (the experiment, not a wait for an event).
        Duration outage = Duration.ofMillis(3 * SESSION_TIMEOUT_MS);
        Await.until(() -> System.nanoTime() - downAt >= outage.toNanos(), outage.plusSeconds(30), () -> "clock");
        server = EmbeddedPostgresServer.start(dataDir, port);

        sendUntilAccepted(publisher, publisherSession.createTextMessage("after-0"), Timing.seconds(30));
        for (int i = 1; i < 500; i++) {
            publisher.send(publisherSession.createTextMessage("after-" + i));
        }
        Await.until(() -> received.size() == 600, Timing.seconds(60),
                () -> "received " + received.size() + " of 600; reported " + reported);
        assertThat(received).contains("after-0", "after-499", "before-0");

        Connection rival = open(factory);
        assertThatThrownBy(() -> rival.setClientID("cidX")).isInstanceOf(InvalidClientIDException.class);

        MessageProducer replier = publisherSession.createProducer(replies);
        replier.send(publisherSession.createTextMessage("reply"));
        TextMessage reply = (TextMessage) replyConsumer.receive(Timing.seconds(20).toMillis());
        assertThat(reply).as("the temporary queue outlived the outage").isNotNull();
        assertThat(reply.getText()).isEqualTo("reply");
        assertThat(reported).as("the outage is told once; nothing was lost, so nothing else")
                .hasSizeLessThanOrEqualTo(1)
                .allSatisfy(e -> assertThat(e).hasMessageContaining("cannot reach the database"));
    }

    private Connection open(SluiceConnectionFactory factory) throws JMSException {
        Connection connection = factory.createConnection();
        connections.add(connection);
        return connection;
    }

    /** The first send after the restart may meet connections the pool has not found broken yet. */
    private static void sendUntilAccepted(MessageProducer producer, TextMessage message, Duration timeout)
            throws JMSException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                producer.send(message);
                return;
            } catch (JMSException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
        }
    }
}
