package dev.sluice.jms.cdi;

import dev.sluice.jms.internal.SluiceSession;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one {@link SluiceListener} method: one connection with {@code concurrency} sessions, each with its consumer,
 * its listener thread and its own reference to the bean (one instance each for a dependent bean). Transacted
 * sessions commit after the method returned and roll back, naming the error, when it threw, so the message comes
 * back and, once its deliveries are used up, reaches the dead-letter queue with {@code SluiceLastError}.
 *
 * <p>A database outage needs nothing from here: the provider's consumers retry and go on. A connection whose
 * coordination session expired (cut off from the database for longer than {@code sessionTimeoutMs}) is lost for
 * good, so the container closes it and opens a new one on a thread of its own, retrying with back-off (1 s
 * doubling to 30 s) until it succeeds or the container closes.
 *
 * <p>Lifecycle NEW -> STARTED -> CLOSED by compare-and-set; {@link #close()} waits for running calls (closing the
 * connection does). The connection is guarded by {@link #lock}. Thread-safe.
 */
final class ListenerContainer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerContainer.class);
    /** Longer error texts are cut: the property is for a person reading the dead letter, not for the stack. */
    private static final int MAX_ERROR_CHARS = 2_000;
    private static final long FIRST_REOPEN_DELAY_MS = 1_000;
    private static final long MAX_REOPEN_DELAY_MS = 30_000;

    private enum State { NEW, STARTED, CLOSED }

    private final ListenerMethod method;
    private final BeanManager beans;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final List<CreationalContext<?>> instances = new ArrayList<>();
    /** Per session: the bean reference it calls and the controller of its request scopes (kept across reopens). */
    private final List<Object> targets = new ArrayList<>();
    private final List<RequestContextController> requestContexts = new ArrayList<>();
    private final Object lock = new Object();
    private ConnectionFactory factory;
    private Connection connection;

    ListenerContainer(ListenerMethod method, BeanManager beans) {
        this.method = method;
        this.beans = beans;
    }

    /**
     * Opens the connection and the sessions and starts delivering.
     *
     * @throws JMSException when the database cannot be reached or a consumer cannot be made; nothing stays open
     */
    void start(ConnectionFactory factory) throws JMSException {
        if (!state.compareAndSet(State.NEW, State.STARTED)) {
            throw new IllegalStateException("Listener " + method + " was already started");
        }
        this.factory = factory;
        SluiceListener settings = method.settings();
        try {
            for (int number = 0; number < settings.concurrency(); number++) {
                targets.add(reference());
                requestContexts.add(beans.createInstance().select(RequestContextController.class).get());
            }
            synchronized (lock) {
                open();
            }
        } catch (JMSException | RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("Listener {} receives from {} with {} session(s){}", method, method.describeDestination(),
                settings.concurrency(), settings.selector().isEmpty() ? "" : " and selector " + settings.selector());
    }

    /** Opens a connection with all its sessions and starts it (lock held); on failure nothing stays open. */
    private void open() throws JMSException {
        SluiceListener settings = method.settings();
        Connection opened = factory.createConnection();
        try {
            opened.setExceptionListener(failure -> connectionFailed(opened, failure));
            for (int number = 0; number < settings.concurrency(); number++) {
                Session session = settings.transacted() ? opened.createSession(true, Session.SESSION_TRANSACTED)
                        : opened.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Object target = targets.get(number);
                RequestContextController requestContext = requestContexts.get(number);
                consumer(session).setMessageListener(message -> deliver(session, target, requestContext, message));
            }
            opened.start();
        } catch (JMSException | RuntimeException e) {
            closeConnection(opened);
            throw e;
        }
        connection = opened;
    }

    ListenerMethod method() {
        return method;
    }

    /** The connection now in use (null before the start, while it is replaced and after the close). */
    Connection connection() {
        synchronized (lock) {
            return connection;
        }
    }

    /**
     * A database outage is reported once and the consumers go on by themselves when it ends; a connection whose
     * coordination session expired (the provider's {@code SESSION_EXPIRED}) is replaced.
     */
    void connectionFailed(Connection failed, JMSException failure) {
        if (!"SESSION_EXPIRED".equals(failure.getErrorCode())) {
            LOG.warn("Listener {} on {}: its connection reported a problem; its consumers retry", method,
                    method.describeDestination(), failure);
            return;
        }
        LOG.error("Listener {} on {}: its connection was lost; opening a new one", method,
                method.describeDestination(), failure);
        Thread reopening = new Thread(() -> reopen(failed), "sluice-listener-reopen | " + method);
        reopening.setDaemon(true);
        reopening.start();
    }

    private void reopen(Connection failed) {
        long delayMs = FIRST_REOPEN_DELAY_MS;
        synchronized (lock) {
            if (connection != failed) {
                return; // replaced already, or closed
            }
            closeConnection(failed);
            connection = null;
            while (state.get() == State.STARTED) {
                try {
                    open();
                    LOG.info("Listener {} receives from {} again, on a new connection", method,
                            method.describeDestination());
                    return;
                } catch (JMSException | RuntimeException e) {
                    LOG.warn("Listener {} on {}: opening a new connection failed; next try in {} ms", method,
                            method.describeDestination(), delayMs, e);
                }
                try {
                    lock.wait(delayMs); // close() wakes it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                delayMs = Math.min(delayMs * 2, MAX_REOPEN_DELAY_MS);
            }
        }
    }

    private Object reference() {
        CreationalContext<?> creationalContext = beans.createCreationalContext(method.bean());
        instances.add(creationalContext);
        return beans.getReference(method.bean(), method.bean().getBeanClass(), creationalContext);
    }

    private MessageConsumer consumer(Session session) throws JMSException {
        SluiceListener settings = method.settings();
        String selector = settings.selector().isBlank() ? null : settings.selector();
        if (!settings.topic()) {
            return session.createConsumer(session.createQueue(settings.destination()), selector);
        }
        Topic topic = session.createTopic(settings.destination());
        return settings.subscription().isEmpty() ? session.createConsumer(topic, selector)
                : session.createSharedDurableConsumer(topic, settings.subscription(), selector);
    }

    /**
     * One message, on the session's listener thread, inside a request scope of its own (ended before the commit,
     * so request-scoped contexts the method used are closed by then).
     */
    private void deliver(Session session, Object target, RequestContextController requestContext, Message message) {
        Throwable failure = null;
        boolean activated = requestContext.activate();
        try {
            method.invoke(target, message);
        } catch (Throwable thrown) {
            // whatever the method threw, assertion errors included, fails this message only
            failure = thrown;
        } finally {
            if (activated) {
                requestContext.deactivate();
            }
        }
        if (failure != null) {
            failed(session, message, failure);
        } else if (method.settings().transacted()) {
            try {
                session.commit();
            } catch (JMSException e) {
                LOG.warn("Listener {} on {}: committing message {} failed; it will be delivered again", method,
                        method.describeDestination(), messageId(message), e);
            }
        }
    }

    private void failed(Session session, Message message, Throwable failure) {
        if (!method.settings().transacted()) {
            // AUTO_ACKNOWLEDGE: the provider redelivers when the listener throws (JMS 3.1 section 8.7) and logs it
            throw failure instanceof RuntimeException runtime ? runtime : new ListenerFailedException(failure);
        }
        int delivery = deliveryCount(message);
        // the stack trace once per message; its redeliveries (until it is dead-lettered) in one line each
        if (delivery <= 1) {
            LOG.warn("Listener {} on {} failed for message {}; rolled back, it will be delivered again", method,
                    method.describeDestination(), messageId(message), failure);
        } else {
            LOG.warn("Listener {} on {} failed again for message {} (delivery {}): {}", method,
                    method.describeDestination(), messageId(message), delivery, failure.toString());
        }
        try {
            if (session instanceof SluiceSession sluice) {
                sluice.rollbackForError(lastError(failure));
            } else {
                session.rollback();
            }
        } catch (JMSException e) {
            LOG.warn("Listener {} on {}: rolling back message {} failed; it comes back when its lease runs out",
                    method, method.describeDestination(), messageId(message), e);
        }
    }

    /** "java.lang.IllegalStateException: no such order", at most {@value #MAX_ERROR_CHARS} characters. */
    static String lastError(Throwable failure) {
        String text = failure.toString();
        return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS - 3) + "...";
    }

    private static int deliveryCount(Message message) {
        try {
            return message.getIntProperty("JMSXDeliveryCount");
        } catch (JMSException | NumberFormatException e) {
            return 1;
        }
    }

    private static String messageId(Message message) {
        try {
            return message.getJMSMessageID();
        } catch (JMSException e) {
            return "(unknown id)";
        }
    }

    /** Stops delivering, waiting for running calls, and releases the bean instances it made. */
    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        synchronized (lock) {
            lock.notifyAll();
            if (connection != null) {
                closeConnection(connection);
                connection = null;
            }
        }
        instances.forEach(CreationalContext::release);
        instances.clear();
        LOG.info("Listener {} on {} stopped", method, method.describeDestination());
    }

    private void closeConnection(Connection closing) {
        try {
            closing.close();
        } catch (JMSException e) {
            LOG.warn("Listener {} on {}: closing its connection failed", method, method.describeDestination(), e);
        }
    }

    /** A checked exception or error of a listener method in a non-transacted container, rethrown to the provider. */
    static final class ListenerFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ListenerFailedException(Throwable cause) {
            super(cause.toString(), cause);
        }
    }
}
