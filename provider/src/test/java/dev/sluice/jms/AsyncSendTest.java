package dev.sluice.jms;

import static dev.sluice.jms.JmsTestSupport.receiveTexts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Asynchronous send (Jakarta Messaging 3.1 section 7.3): the CompletionListener is told once the message is
 * stored as a synchronous send would have it, on a thread other than the sender's, in the order of the sends of a
 * session; close and commit wait for outstanding completions; a CompletionListener must not close or commit its
 * own session, producer or connection (IllegalStateException), but may stop and start the connection; a failure
 * the send could not throw goes to onException.
 */
@ExtendWith(PostgresExtension.class)
class AsyncSendTest {

    private static TestDatabase database;
    private static SluiceConnectionFactory factory;
    private static Connection connection;

    @BeforeAll
    static void open(TestDatabase db) throws JMSException {
        database = db;
        factory = JmsTestSupport.factory(db);
        connection = factory.createConnection();
        connection.start();
    }

    @AfterAll
    static void close() {
        JmsTestSupport.closeQuietly(connection);
    }

    /** Records what the listener saw: completed message texts in order, threads, failures. */
    private static final class Recorder implements CompletionListener {
        final List<String> completed = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final List<Exception> failures = new CopyOnWriteArrayList<>();
        final List<Boolean> storedAtCompletion = new CopyOnWriteArrayList<>();
        final CountDownLatch done;
        final boolean checkStored;
        /** The first completion waits for this gate, holding back all later ones of the session. */
        final CountDownLatch gate;

        Recorder(int expected, boolean checkStored) {
            this(expected, checkStored, new CountDownLatch(0));
        }

        Recorder(int expected, boolean checkStored, CountDownLatch gate) {
            this.done = new CountDownLatch(expected);
            this.checkStored = checkStored;
            this.gate = gate;
        }

        @Override
        public void onCompletion(Message message) {
            try {
                if (!gate.await(10, TimeUnit.SECONDS)) {
                    failures.add(new IllegalStateException("the test never opened the gate"));
                }
                threads.add(Thread.currentThread());
                if (checkStored) {
                    storedAtCompletion.add(isStored(message.getJMSMessageID()));
                }
                completed.add(((TextMessage) message).getText());
            } catch (JMSException | SQLException e) {
                failures.add(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(e);
            } finally {
                done.countDown();
            }
        }

        @Override
        public void onException(Message message, Exception exception) {
            failures.add(exception);
            done.countDown();
        }

        void await() throws InterruptedException {
            assertTrue(done.await(10, TimeUnit.SECONDS), () -> "completions so far: " + completed
                    + ", failures: " + failures);
        }
    }

    private static boolean isStored(String messageId) throws SQLException {
        try (java.sql.Connection jdbc = database.connect();
             PreparedStatement query = jdbc.prepareStatement("select count(*) from sluice.message where message_id = ?")) {
            query.setString(1, messageId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1) == 1;
            }
        }
    }

    @Test
    void completionListenerIsCalledOnAnotherThreadOnceTheMessageIsStored() throws Exception {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("async.stored");
        MessageProducer producer = session.createProducer(queue);
        Recorder recorder = new Recorder(5, true);
        for (int i = 0; i < 5; i++) {
            producer.send(session.createTextMessage("a" + i), recorder);
        }
        recorder.await();
        assertEquals(List.of(), recorder.failures);
        assertEquals(List.of(true, true, true, true, true), recorder.storedAtCompletion,
                "each message was in the log, visible to another database connection, when it completed");
        assertThat(recorder.threads).doesNotContain(Thread.currentThread());
        assertEquals(List.of("a0", "a1", "a2", "a3", "a4"),
                receiveTexts(session.createConsumer(queue), 5, 2_000));
        session.close();
    }

    @Test
    void completionListenersRunInTheOrderOfTheSends() throws Exception {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("async.order");
        MessageProducer first = session.createProducer(queue);
        MessageProducer second = session.createProducer(session.createQueue("async.order-other"));
        Recorder recorder = new Recorder(100, false);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            first.send(session.createTextMessage("first-" + i), recorder);
            second.send(session.createTextMessage("second-" + i), recorder);
            sent.add("first-" + i);
            sent.add("second-" + i);
        }
        recorder.await();
        assertEquals(sent, recorder.completed, "one session's completions come in the order of its sends");
        session.close();
    }

    /**
     * Sends {@code count} messages asynchronously while the first CompletionListener is held at a gate, runs
     * {@code operation} on another thread, and checks that it returns only after every completion ran.
     */
    private static void assertWaitsForCompletions(Session session, MessageProducer producer, int count,
                                                  JmsAction operation) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        Recorder recorder = new Recorder(count, false, gate);
        for (int i = 0; i < count; i++) {
            producer.send(session.createTextMessage("w" + i), recorder);
        }
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch returned = new CountDownLatch(1);
        Thread caller = new Thread(() -> {
            try {
                operation.run();
            } catch (JMSException e) {
                failure.set(e);
            } finally {
                returned.countDown();
            }
        }, "async-send-test-caller");
        caller.start();
        assertFalse(returned.await(300, TimeUnit.MILLISECONDS),
                "returned while a CompletionListener had not run yet");
        gate.countDown();
        assertTrue(returned.await(10, TimeUnit.SECONDS), "did not return once the completions ran");
        assertNull(failure.get());
        assertEquals(count, recorder.completed.size(), "returned before every CompletionListener ran");
        assertEquals(List.of(), recorder.failures);
    }

    @Test
    void sessionCloseWaitsForOutstandingCompletions() throws Exception {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue("async.close-session"));
        assertWaitsForCompletions(session, producer, 20, session::close);
    }

    @Test
    void producerCloseWaitsForOutstandingCompletions() throws Exception {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue("async.close-producer"));
        assertWaitsForCompletions(session, producer, 20, producer::close);
        session.close();
    }

    @Test
    void connectionCloseWaitsForOutstandingCompletions() throws Exception {
        Connection own = factory.createConnection();
        Session session = own.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue("async.close-connection"));
        assertWaitsForCompletions(session, producer, 20, own::close);
    }

    @Test
    void commitWaitsForOutstandingCompletionsAndStoresTheMessages() throws Exception {
        Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
        Queue queue = session.createQueue("async.commit");
        MessageProducer producer = session.createProducer(queue);
        assertWaitsForCompletions(session, producer, 20, session::commit);
        Session receiver = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertEquals(IntStream.range(0, 20).mapToObj(i -> "w" + i).toList(),
                receiveTexts(receiver.createConsumer(queue), 20, 2_000));
        receiver.close();
        session.close();
    }

    /** Sends one message whose CompletionListener runs {@code action} and records what it threw. */
    private static Exception thrownFromCompletionListener(Session session, MessageProducer producer,
                                                          Consumer<Message> action) throws Exception {
        AtomicReference<Exception> thrown = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        producer.send(session.createTextMessage("trigger"), new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                try {
                    action.accept(message);
                } catch (RuntimeException e) {
                    thrown.set(e.getCause() instanceof JMSException jms ? jms : e);
                } finally {
                    done.countDown();
                }
            }

            @Override
            public void onException(Message message, Exception exception) {
                thrown.set(exception);
                done.countDown();
            }
        });
        assertTrue(done.await(10, TimeUnit.SECONDS), "the CompletionListener ran");
        return thrown.get();
    }

    private interface JmsAction {
        void run() throws JMSException;
    }

    private static Consumer<Message> unchecked(JmsAction action) {
        return message -> {
            try {
                action.run();
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
        };
    }

    @Test
    void completionListenerMustNotCloseOrCommitItsOwnSessionProducerOrConnection() throws Exception {
        Connection connection = factory.createConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue("async.illegal"));
        assertInstanceOf(IllegalStateException.class,
                thrownFromCompletionListener(session, producer, unchecked(session::close)));
        assertInstanceOf(IllegalStateException.class,
                thrownFromCompletionListener(session, producer, unchecked(producer::close)));
        assertInstanceOf(IllegalStateException.class,
                thrownFromCompletionListener(session, producer, unchecked(connection::close)));

        Session transacted = connection.createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer transactedProducer = transacted.createProducer(transacted.createQueue("async.illegal"));
        assertInstanceOf(IllegalStateException.class,
                thrownFromCompletionListener(transacted, transactedProducer, unchecked(transacted::commit)));
        assertInstanceOf(IllegalStateException.class,
                thrownFromCompletionListener(transacted, transactedProducer, unchecked(transacted::rollback)));
        transacted.rollback();

        producer.send(session.createTextMessage("the session still works"));
        connection.close();
    }

    /**
     * Stop is not among what a CompletionListener must not do (javadoc of Connection.stop; TCK {@code
     * jmscontextqueuetests#illegalStateRuntimeExceptionTests}): it stops delivery and start resumes it.
     */
    @Test
    void completionListenerMayStopAndStartItsConnection() throws Exception {
        Connection own = factory.createConnection();
        own.start();
        Session session = own.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("async.stop");
        MessageProducer producer = session.createProducer(queue);
        MessageConsumer consumer = session.createConsumer(queue);
        assertNull(thrownFromCompletionListener(session, producer, unchecked(own::stop)));
        assertNull(consumer.receiveNoWait(), "the connection is stopped");
        assertNull(thrownFromCompletionListener(session, producer, unchecked(own::start)));
        assertEquals(List.of("trigger", "trigger"), receiveTexts(consumer, 2, 2_000));
        own.close();
    }

    @Test
    void completionListenerOfTheSimplifiedApiMayStopItsContext() throws Exception {
        AtomicReference<RuntimeException> thrown = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        try (JMSContext context = factory.createContext()) {
            Queue queue = context.createQueue("async.context-stop");
            JMSConsumer consumer = context.createConsumer(queue);
            context.createProducer().setAsync(new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    try {
                        context.stop();
                    } catch (RuntimeException e) {
                        thrown.set(e);
                    } finally {
                        done.countDown();
                    }
                }

                @Override
                public void onException(Message message, Exception exception) {
                    thrown.set(new IllegalStateRuntimeException(exception.getMessage()));
                    done.countDown();
                }
            }).send(queue, "trigger");
            assertTrue(done.await(10, TimeUnit.SECONDS), "the CompletionListener ran");
            assertNull(thrown.get());
            assertNull(consumer.receiveNoWait(), "the context is stopped");
            context.start();
            assertEquals("trigger", consumer.receiveBody(String.class, 2_000));
        }
    }

    /**
     * A listener that commits waits for its session's CompletionListeners; if one of them stops the connection,
     * stop must not wait for that listener in turn, or both would wait for each other.
     */
    @Test
    void stopFromACompletionListenerDoesNotWaitForTheListenerWaitingForIt() throws Exception {
        Connection own = factory.createConnection();
        Session session = own.createSession(true, Session.SESSION_TRANSACTED);
        Queue queue = session.createQueue("async.stop-in-listener");
        MessageProducer replies = session.createProducer(session.createQueue("async.stop-in-listener-replies"));
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch committed = new CountDownLatch(1);
        session.createConsumer(queue).setMessageListener(message -> {
            try {
                replies.send(session.createTextMessage("reply"), new CompletionListener() {
                    @Override
                    public void onCompletion(Message sent) {
                        try {
                            own.stop();
                        } catch (JMSException e) {
                            failure.set(e);
                        }
                    }

                    @Override
                    public void onException(Message sent, Exception exception) {
                        failure.set(exception);
                    }
                });
                session.commit();
                committed.countDown();
            } catch (JMSException e) {
                failure.set(e);
            }
        });
        Session sender = own.createSession(false, Session.AUTO_ACKNOWLEDGE);
        sender.createProducer(queue).send(sender.createTextMessage("request"));
        own.start();
        assertTrue(committed.await(10, TimeUnit.SECONDS), () -> "the listener's commit did not return; failure: "
                + failure.get());
        assertNull(failure.get());
        own.close();
    }

    @Test
    void simplifiedApiSetAsyncCompletesInSendOrderOnAnotherThread() throws Exception {
        Recorder recorder = new Recorder(30, true);
        List<String> sent = new ArrayList<>();
        try (JMSContext context = factory.createContext()) {
            Queue queue = context.createQueue("async.context");
            var producer = context.createProducer().setAsync(recorder);
            assertEquals(recorder, producer.getAsync());
            for (int i = 0; i < 30; i++) {
                producer.send(queue, "x" + i);
                sent.add("x" + i);
            }
        }
        assertEquals(sent, recorder.completed, "context close waited for every completion, in send order");
        assertEquals(Collections.nCopies(30, true), recorder.storedAtCompletion);
        assertThat(recorder.threads).doesNotContain(Thread.currentThread());
        assertEquals(List.of(), recorder.failures);
    }

    @Test
    void completionListenerOfTheSimplifiedApiMustNotCloseItsContext() throws Exception {
        AtomicReference<Exception> thrown = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        try (JMSContext context = factory.createContext()) {
            Queue queue = context.createQueue("async.context-illegal");
            context.createProducer().setAsync(new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    try {
                        context.close();
                    } catch (RuntimeException e) {
                        thrown.set(e);
                    } finally {
                        done.countDown();
                    }
                }

                @Override
                public void onException(Message message, Exception exception) {
                    thrown.set(exception);
                    done.countDown();
                }
            }).send(queue, "trigger");
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateRuntimeException.class, thrown.get());
        }
    }

    @Test
    void failureThatTheSendCouldNotThrowGoesToOnException(TestDatabase db) throws Exception {
        SluiceConnectionFactory otherBackend = JmsTestSupport.factory(db, "prefetch=7");
        Recorder recorder = new Recorder(1, false);
        try (Connection owner = factory.createConnection(); Connection sender = otherBackend.createConnection()) {
            Session ownerSession = owner.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue queue = ownerSession.createTemporaryQueue();
            Session senderSession = sender.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = senderSession.createProducer(queue);
            producer.send(senderSession.createTextMessage("while it exists"));
            queue.delete();
            try {
                producer.send(senderSession.createTextMessage("after delete"), recorder);
            } catch (InvalidDestinationException thrownBySend) {
                return;
            }
            recorder.await();
            assertEquals(List.of(), recorder.completed, "onCompletion for a message that was not stored");
            assertEquals(1, recorder.failures.size());
            assertInstanceOf(InvalidDestinationException.class, recorder.failures.get(0));
        }
    }
}
