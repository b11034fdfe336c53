package dev.sluice.jms;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * The domain-specific sessions (Jakarta Messaging 3.1, javadoc of {@code QueueSession} and {@code TopicSession}): a
 * QueueSession refuses the publish/subscribe methods it inherits from Session, a TopicSession the point-to-point
 * ones, each with IllegalStateException; a session from {@code createSession} serves both domains. The TCK tests
 * {@code ExceptionQueueTests#xIllegalStateExceptionTestTopicMethodsQ}, {@code
 * ExceptionTopicTests#xIllegalStateExceptionTestQueueMethodsT} and {@code sessiontests#illegalStateExceptionTests}.
 */
@ExtendWith(PostgresExtension.class)
class SessionDomainTest {

    private static SluiceConnectionFactory factory;
    /** With a client ID, so that durable subscriptions are refused for their domain, not for a missing ID. */
    private static Connection connection;
    private static Queue queue;
    private static Topic topic;

    @BeforeAll
    static void open(TestDatabase db) throws JMSException {
        factory = JmsTestSupport.factory(db);
        connection = factory.createConnection();
        connection.setClientID("session-domain");
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        queue = session.createQueue("domain.queue");
        topic = session.createTopic("domain.topic");
        session.close();
    }

    @AfterAll
    static void close() {
        JmsTestSupport.closeQuietly(connection);
    }

    @Test
    void queueSessionRefusesEveryPublishSubscribeMethodWithIllegalStateException() throws JMSException {
        QueueSession session = ((QueueConnection) connection).createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
        List<Map.Entry<String, Executable>> calls = List.of(
                entry("createDurableSubscriber", () -> session.createDurableSubscriber(topic, "d1")),
                entry("createDurableSubscriber", () -> session.createDurableSubscriber(topic, "d2", "a = 1", false)),
                entry("createDurableConsumer", () -> session.createDurableConsumer(topic, "d3")),
                entry("createDurableConsumer", () -> session.createDurableConsumer(topic, "d4", "a = 1", true)),
                entry("createSharedConsumer", () -> session.createSharedConsumer(topic, "s1")),
                entry("createSharedConsumer", () -> session.createSharedConsumer(topic, "s2", "a = 1")),
                entry("createSharedDurableConsumer", () -> session.createSharedDurableConsumer(topic, "s3")),
                entry("createSharedDurableConsumer", () -> session.createSharedDurableConsumer(topic, "s4", "a = 1")),
                entry("createTemporaryTopic", session::createTemporaryTopic),
                entry("createTopic", () -> session.createTopic("domain.other")),
                entry("unsubscribe", () -> session.unsubscribe("d1")));
        for (Map.Entry<String, Executable> call : calls) {
            String method = call.getKey();
            IllegalStateException refused = assertThrows(IllegalStateException.class, call.getValue(), method);
            assertThat(refused).hasMessageContaining(method).hasMessageContaining("QueueSession");
        }
        assertNotNull(session.createReceiver(queue), "the session still works for its own domain");
        assertNotNull(session.createTemporaryQueue());
        assertNotNull(session.createBrowser(queue));
        session.close();
    }

    @Test
    void topicSessionRefusesEveryPointToPointMethodWithIllegalStateException() throws JMSException {
        TopicSession session = ((TopicConnection) connection).createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
        List<Map.Entry<String, Executable>> calls = List.of(
                entry("createBrowser", () -> session.createBrowser(queue)),
                entry("createBrowser", () -> session.createBrowser(queue, "a = 1")),
                entry("createQueue", () -> session.createQueue("domain.other")),
                entry("createTemporaryQueue", session::createTemporaryQueue));
        for (Map.Entry<String, Executable> call : calls) {
            String method = call.getKey();
            IllegalStateException refused = assertThrows(IllegalStateException.class, call.getValue(), method);
            assertThat(refused).hasMessageContaining(method).hasMessageContaining("TopicSession");
        }
        assertNotNull(session.createSubscriber(topic), "the session still works for its own domain");
        assertNotNull(session.createTemporaryTopic());
        session.createDurableSubscriber(topic, "topic-session-durable").close();
        session.unsubscribe("topic-session-durable");
        session.close();
    }

    @Test
    void sessionFromCreateSessionServesBothDomains() throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertNotNull(session.createTemporaryTopic());
        assertNotNull(session.createTemporaryQueue());
        assertNotNull(session.createBrowser(queue));
        session.createSharedConsumer(topic, "both-domains").close();
        session.createDurableConsumer(topic, "both-domains-durable").close();
        session.unsubscribe("both-domains-durable");
        session.close();
    }
}
