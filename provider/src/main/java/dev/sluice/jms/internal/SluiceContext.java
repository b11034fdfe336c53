package dev.sluice.jms.internal;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simplified API's context (JMS 3.1 section 10): one connection (shared with the contexts made by
 * {@link #createContext(int)}) and one session, with JMSRuntimeExceptions instead of checked ones. Delegates to
 * the classic implementation, so both APIs behave the same. The connection starts automatically when the first
 * consumer is created, unless autoStart is off. Follows the session's single-thread rule.
 */
public class SluiceContext implements JMSContext {

    private final SluiceConnection connection;
    private final SluiceSession session;
    private final AtomicInteger connectionUsers;
    private volatile boolean autoStart = true;
    private volatile boolean closed;

    SluiceContext(SluiceConnection connection, SluiceSession session, AtomicInteger connectionUsers) {
        this.connection = connection;
        this.session = session;
        this.connectionUsers = connectionUsers;
    }

    /** A context owning {@code connection}; on failure the connection is closed. */
    public static SluiceContext open(SluiceConnection connection, int sessionMode) {
        return opening(connection, () -> new SluiceContext(connection, connection.openSession(
                sessionMode == Session.SESSION_TRANSACTED, sessionMode, SessionDomain.UNIFIED), new AtomicInteger(1)));
    }

    /** Makes a context owning {@code connection}; on failure the connection is closed. */
    static <C extends SluiceContext> C opening(SluiceConnection connection, Call<C> maker) {
        try {
            return maker.call();
        } catch (JMSException e) {
            closeQuietly(connection);
            throw JmsExceptions.toRuntime(e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private static void closeQuietly(SluiceConnection connection) {
        try {
            connection.close();
        } catch (JMSException ignored) {
            // the original failure matters more
        }
    }

    SluiceSession session() {
        return session;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateRuntimeException("This JMSContext is closed");
        }
    }

    interface Call<T> {
        T call() throws JMSException;
    }

    interface Action {
        void run() throws JMSException;
    }

    static <T> T runtime(Call<T> call) {
        try {
            return call.call();
        } catch (JMSException e) {
            throw JmsExceptions.toRuntime(e);
        }
    }

    static void runtime(Action action) {
        try {
            action.run();
        } catch (JMSException e) {
            throw JmsExceptions.toRuntime(e);
        }
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        checkOpen();
        SluiceSession newSession = runtime(() -> (SluiceSession) connection.createSession(sessionMode));
        connectionUsers.incrementAndGet();
        SluiceContext context = new SluiceContext(connection, newSession, connectionUsers);
        context.autoStart = autoStart;
        return context;
    }

    @Override
    public JMSProducer createProducer() {
        checkOpen();
        return new SluiceJMSProducer(this);
    }

    @Override
    public String getClientID() {
        checkOpen();
        return runtime(connection::getClientID);
    }

    @Override
    public void setClientID(String clientID) {
        checkOpen();
        runtime(() -> connection.setClientID(clientID));
    }

    @Override
    public ConnectionMetaData getMetaData() {
        checkOpen();
        return runtime(connection::getMetaData);
    }

    @Override
    public ExceptionListener getExceptionListener() {
        checkOpen();
        return runtime(connection::getExceptionListener);
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) {
        checkOpen();
        runtime(() -> connection.setExceptionListener(listener));
    }

    @Override
    public void start() {
        checkOpen();
        runtime(connection::start);
    }

    @Override
    public void stop() {
        checkOpen();
        runtime(connection::stop);
    }

    @Override
    public void setAutoStart(boolean autoStart) {
        checkOpen();
        this.autoStart = autoStart;
    }

    @Override
    public boolean getAutoStart() {
        checkOpen();
        return autoStart;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        runtime(() -> SluiceSession.checkNotInListener(connection, "close"));
        closed = true;
        runtime(session::close);
        if (connectionUsers.decrementAndGet() == 0) {
            runtime(connection::close);
        }
    }

    @Override
    public BytesMessage createBytesMessage() {
        checkOpen();
        return runtime(session::createBytesMessage);
    }

    @Override
    public MapMessage createMapMessage() {
        checkOpen();
        return runtime(session::createMapMessage);
    }

    @Override
    public Message createMessage() {
        checkOpen();
        return runtime(session::createMessage);
    }

    @Override
    public ObjectMessage createObjectMessage() {
        checkOpen();
        return runtime(() -> session.createObjectMessage());
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) {
        checkOpen();
        return runtime(() -> session.createObjectMessage(object));
    }

    @Override
    public StreamMessage createStreamMessage() {
        checkOpen();
        return runtime(session::createStreamMessage);
    }

    @Override
    public TextMessage createTextMessage() {
        checkOpen();
        return runtime(() -> session.createTextMessage());
    }

    @Override
    public TextMessage createTextMessage(String text) {
        checkOpen();
        return runtime(() -> session.createTextMessage(text));
    }

    @Override
    public boolean getTransacted() {
        checkOpen();
        return runtime(session::getTransacted);
    }

    @Override
    public int getSessionMode() {
        checkOpen();
        return runtime(session::getAcknowledgeMode);
    }

    @Override
    public void commit() {
        checkOpen();
        runtime(session::commit);
    }

    @Override
    public void rollback() {
        checkOpen();
        runtime(session::rollback);
    }

    @Override
    public void recover() {
        checkOpen();
        runtime(session::recover);
    }

    private JMSConsumer consumer(Call<jakarta.jms.MessageConsumer> create) {
        checkOpen();
        SluiceMessageConsumer consumer = (SluiceMessageConsumer) runtime(create);
        if (autoStart) {
            runtime(connection::start);
        }
        return new SluiceJMSConsumer(consumer);
    }

    @Override
    public JMSConsumer createConsumer(Destination destination) {
        return consumer(() -> session.createConsumer(destination));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector) {
        return consumer(() -> session.createConsumer(destination, messageSelector));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal) {
        return consumer(() -> session.createConsumer(destination, messageSelector, noLocal));
    }

    @Override
    public Queue createQueue(String queueName) {
        checkOpen();
        return runtime(() -> session.createQueue(queueName));
    }

    @Override
    public Topic createTopic(String topicName) {
        checkOpen();
        return runtime(() -> session.createTopic(topicName));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name) {
        return consumer(() -> session.createDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal) {
        return consumer(() -> session.createDurableConsumer(topic, name, messageSelector, noLocal));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
        return consumer(() -> session.createSharedDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector) {
        return consumer(() -> session.createSharedDurableConsumer(topic, name, messageSelector));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) {
        return consumer(() -> session.createSharedConsumer(topic, sharedSubscriptionName));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector) {
        return consumer(() -> session.createSharedConsumer(topic, sharedSubscriptionName, messageSelector));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) {
        checkOpen();
        return runtime(() -> session.createBrowser(queue));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) {
        checkOpen();
        return runtime(() -> session.createBrowser(queue, messageSelector));
    }

    @Override
    public TemporaryQueue createTemporaryQueue() {
        checkOpen();
        return runtime(session::createTemporaryQueue);
    }

    @Override
    public TemporaryTopic createTemporaryTopic() {
        checkOpen();
        return runtime(session::createTemporaryTopic);
    }

    @Override
    public void unsubscribe(String name) {
        checkOpen();
        runtime(() -> session.unsubscribe(name));
    }

    @Override
    public void acknowledge() {
        checkOpen();
        if (session.acknowledgeMode() == Session.CLIENT_ACKNOWLEDGE) {
            runtime(session::acknowledgeAll);
        }
    }
}
