package dev.sluice.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sluice.testing.ChildJvm;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicRequestor;
import jakarta.jms.TopicSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Request/reply (Jakarta Messaging 3.1 sections 3.4.6, 3.4.5 and the QueueRequestor/TopicRequestor helpers): a
 * requester names a temporary destination in JMSReplyTo, the responder answers there with the request's message ID
 * as JMSCorrelationID, in the same JVM and across processes.
 */
@ExtendWith(PostgresExtension.class)
class RequestReplyTest {

    private static final String CHILD_QUEUE = "rpc.child";

    private static SluiceConnectionFactory factory;
    private static Connection responderConnection;
    /** A responder in another JVM, answering on {@value #CHILD_QUEUE}. */
    private static ChildJvm child;

    @BeforeAll
    static void open(TestDatabase db) throws JMSException {
        factory = JmsTestSupport.factory(db);
        responderConnection = factory.createConnection();
        responderConnection.start();
        child = ChildJvm.start(ChildResponderMain.class, factory.getUrl() + "&user=" + db.user(), CHILD_QUEUE);
    }

    @AfterAll
    static void close() {
        JmsTestSupport.closeQuietly(responderConnection);
        if (child != null) {
            child.close();
        }
    }

    /** Answers every request on {@code destination} with "re:" + its text, correlated by message ID. */
    private static Session startResponder(Destination destination) throws JMSException {
        Session session = responderConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer requests = session.createConsumer(destination);
        MessageProducer replies = session.createProducer(null);
        requests.setMessageListener(request -> {
            try {
                TextMessage reply = session.createTextMessage("re:" + ((TextMessage) request).getText());
                reply.setJMSCorrelationID(request.getJMSMessageID());
                replies.send(request.getJMSReplyTo(), reply);
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        return session;
    }

    @Test
    void queueRequestorReceivesTheResponderReply() throws Exception {
        Session responder = startResponder(new SluiceQueue("rpc.queue-requestor"));
        try (QueueConnection connection = factory.createQueueConnection()) {
            connection.start();
            QueueSession session = connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue("rpc.queue-requestor");
            QueueRequestor requestor = new QueueRequestor(session, queue);
            TextMessage request = session.createTextMessage("ping");
            Message reply = CompletableFuture.supplyAsync(() -> {
                try {
                    return requestor.request(request);
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            }).get(10, TimeUnit.SECONDS);
            assertEquals("re:ping", ((TextMessage) reply).getText());
            assertEquals(request.getJMSMessageID(), reply.getJMSCorrelationID());
            assertInstanceOf(TemporaryQueue.class, request.getJMSReplyTo());
            requestor.close();
        } finally {
            responder.close();
        }
    }

    @Test
    void topicRequestorReceivesTheSubscriberReply() throws Exception {
        Session responder = startResponder(new SluiceTopic("rpc.topic-requestor"));
        try (TopicConnection connection = factory.createTopicConnection()) {
            connection.start();
            TopicSession session = connection.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic("rpc.topic-requestor");
            TopicRequestor requestor = new TopicRequestor(session, topic);
            TextMessage request = session.createTextMessage("anyone?");
            Message reply = CompletableFuture.supplyAsync(() -> {
                try {
                    return requestor.request(request);
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            }).get(10, TimeUnit.SECONDS);
            assertEquals("re:anyone?", ((TextMessage) reply).getText());
            assertEquals(request.getJMSMessageID(), reply.getJMSCorrelationID());
            assertInstanceOf(TemporaryTopic.class, request.getJMSReplyTo());
            requestor.close();
        } finally {
            responder.close();
        }
    }

    @Test
    void replyToOfAReceivedRequestIsTheRequestersTemporaryQueue() throws JMSException {
        try (Connection requester = factory.createConnection()) {
            requester.start();
            Session session = requester.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = session.createTemporaryQueue();
            TextMessage request = session.createTextMessage("who am I");
            request.setJMSReplyTo(replies);
            session.createProducer(session.createQueue("rpc.reply-to")).send(request);

            Session responder = responderConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message received = responder.createConsumer(responder.createQueue("rpc.reply-to")).receive(2_000);
            assertNotNull(received);
            Destination replyTo = received.getJMSReplyTo();
            assertInstanceOf(TemporaryQueue.class, replyTo);
            assertEquals(replies, replyTo);
            assertEquals(replies.getQueueName(), ((TemporaryQueue) replyTo).getQueueName());
            responder.close();
        }
    }

    @Test
    void pipelinedRequestsToAnotherProcessAreAnsweredWithMatchingCorrelationIds() throws JMSException {
        try (Connection requester = factory.createConnection()) {
            child.awaitLine("ready", Duration.ofSeconds(60));
            requester.start();
            Session session = requester.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replyQueue = session.createTemporaryQueue();
            MessageConsumer replies = session.createConsumer(replyQueue);
            MessageProducer requests = session.createProducer(session.createQueue(CHILD_QUEUE));
            Map<String, String> expectedByCorrelation = new HashMap<>();
            for (int i = 0; i < 20; i++) {
                TextMessage request = session.createTextMessage("q" + i);
                request.setJMSReplyTo(replyQueue);
                requests.send(request);
                expectedByCorrelation.put(request.getJMSMessageID(), "re:q" + i);
            }
            Map<String, String> received = new HashMap<>();
            while (received.size() < 20) {
                Message reply = replies.receive(5_000);
                assertNotNull(reply, () -> "replies so far " + received + "; child output " + child.output());
                received.put(reply.getJMSCorrelationID(), ((TextMessage) reply).getText());
            }
            assertEquals(expectedByCorrelation, received);
            assertNull(replies.receive(200), "one reply per request");
        }
    }

    @Test
    void sequentialRoundTripsToAnotherProcessEachGetTheirOwnReply() throws JMSException {
        // 1000 for the figures in the issue (-Dsluice.test.roundTrips=1000); fewer by default to keep the suite short.
        int roundTrips = Integer.getInteger("sluice.test.roundTrips", 200);
        try (Connection requester = factory.createConnection()) {
            child.awaitLine("ready", Duration.ofSeconds(60));
            requester.start();
            Session session = requester.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replyQueue = session.createTemporaryQueue();
            MessageConsumer replies = session.createConsumer(replyQueue);
            MessageProducer requests = session.createProducer(session.createQueue(CHILD_QUEUE));
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < roundTrips; i++) {
                TextMessage request = session.createTextMessage("q" + i);
                request.setJMSReplyTo(replyQueue);
                long start = System.nanoTime();
                requests.send(request);
                Message reply = replies.receive(5_000);
                micros.add((System.nanoTime() - start) / 1_000);
                int index = i;
                assertNotNull(reply, () -> "no reply to request " + index + "; child output " + child.output());
                assertEquals(request.getJMSMessageID(), reply.getJMSCorrelationID());
                assertEquals("re:q" + i, ((TextMessage) reply).getText());
            }
            Collections.sort(micros);
            long median = micros.get(roundTrips / 2);
            long p99 = micros.get(roundTrips * 99 / 100);
            System.out.printf("request/reply across two JVMs: %d round trips, median %.2f ms, p99 %.2f ms%n",
                    roundTrips, median / 1000.0, p99 / 1000.0);
        }
    }
}
