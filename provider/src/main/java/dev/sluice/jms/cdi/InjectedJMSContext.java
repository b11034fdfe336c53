package dev.sluice.jms.cdi;

import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.Serializable;

/**
 * The JMSContext an injection point gets: a dependent-scoped wrapper that forwards every call to the context of
 * the current request scope for its {@link ContextKey} ({@link RequestContexts}), so a bean injected once (an
 * application-scoped one, say) uses each request's own context, and the beans of one request that inject with the
 * same annotations share one (Jakarta Messaging 3.1 section 12.4.4). The container manages it: the methods section
 * 12.4.5 lists (setClientID, setExceptionListener, stop, acknowledge, commit, rollback, recover, setAutoStart,
 * start, close) throw IllegalStateRuntimeException. Like any JMSContext, used by one thread at a time.
 * Serializable, so that it can be injected into passivating beans (it holds only the key and the container's
 * proxy of the request's contexts).
 */
final class InjectedJMSContext implements JMSContext, Serializable {

    private static final long serialVersionUID = 1L;

    private final ContextKey key;
    private final RequestContexts contexts;

    InjectedJMSContext(ContextKey key, RequestContexts contexts) {
        this.key = key;
        this.contexts = contexts;
    }

    /** The current request scope's context this one forwards to. */
    JMSContext delegate() {
        try {
            return contexts.context(key);
        } catch (ContextNotActiveException e) {
            IllegalStateRuntimeException failure = new IllegalStateRuntimeException("The injected " + key
                    + " was used outside a request scope; activate one (@ActivateRequestContext on the calling"
                    + " method, or RequestContextController) so that the context has a scope to live in (Jakarta"
                    + " Messaging 3.1 section 12.4.4)");
            failure.initCause(e);
            throw failure;
        }
    }

    private IllegalStateRuntimeException forbidden(String method) {
        return new IllegalStateRuntimeException(method + " may not be called on the injected " + key
                + ": the container manages it (Jakarta Messaging 3.1 section 12.4.5)");
    }

    // --- forbidden (section 12.4.5) ------------------------------------------------------------------------------

    @Override
    public void setClientID(String clientID) {
        throw forbidden("setClientID");
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) {
        throw forbidden("setExceptionListener");
    }

    @Override
    public void start() {
        throw forbidden("start");
    }

    @Override
    public void stop() {
        throw forbidden("stop");
    }

    @Override
    public void setAutoStart(boolean autoStart) {
        throw forbidden("setAutoStart");
    }

    @Override
    public void close() {
        throw forbidden("close");
    }

    @Override
    public void commit() {
        throw forbidden("commit");
    }

    @Override
    public void rollback() {
        throw forbidden("rollback");
    }

    @Override
    public void recover() {
        throw forbidden("recover");
    }

    @Override
    public void acknowledge() {
        throw forbidden("acknowledge");
    }

    // --- forwarded ---------------------------------------------------------------------------------------------

    @Override
    public JMSContext createContext(int sessionMode) {
        return delegate().createContext(sessionMode);
    }

    @Override
    public JMSProducer createProducer() {
        return delegate().createProducer();
    }

    @Override
    public String getClientID() {
        return delegate().getClientID();
    }

    @Override
    public ConnectionMetaData getMetaData() {
        return delegate().getMetaData();
    }

    @Override
    public ExceptionListener getExceptionListener() {
        return delegate().getExceptionListener();
    }

    @Override
    public boolean getAutoStart() {
        return delegate().getAutoStart();
    }

    @Override
    public BytesMessage createBytesMessage() {
        return delegate().createBytesMessage();
    }

    @Override
    public MapMessage createMapMessage() {
        return delegate().createMapMessage();
    }

    @Override
    public Message createMessage() {
        return delegate().createMessage();
    }

    @Override
    public ObjectMessage createObjectMessage() {
        return delegate().createObjectMessage();
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) {
        return delegate().createObjectMessage(object);
    }

    @Override
    public StreamMessage createStreamMessage() {
        return delegate().createStreamMessage();
    }

    @Override
    public TextMessage createTextMessage() {
        return delegate().createTextMessage();
    }

    @Override
    public TextMessage createTextMessage(String text) {
        return delegate().createTextMessage(text);
    }

    @Override
    public boolean getTransacted() {
        return delegate().getTransacted();
    }

    @Override
    public int getSessionMode() {
        return delegate().getSessionMode();
    }

    @Override
    public JMSConsumer createConsumer(Destination destination) {
        return delegate().createConsumer(destination);
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector) {
        return delegate().createConsumer(destination, messageSelector);
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal) {
        return delegate().createConsumer(destination, messageSelector, noLocal);
    }

    @Override
    public Queue createQueue(String queueName) {
        return delegate().createQueue(queueName);
    }

    @Override
    public Topic createTopic(String topicName) {
        return delegate().createTopic(topicName);
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name) {
        return delegate().createDurableConsumer(topic, name);
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal) {
        return delegate().createDurableConsumer(topic, name, messageSelector, noLocal);
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
        return delegate().createSharedDurableConsumer(topic, name);
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector) {
        return delegate().createSharedDurableConsumer(topic, name, messageSelector);
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) {
        return delegate().createSharedConsumer(topic, sharedSubscriptionName);
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector) {
        return delegate().createSharedConsumer(topic, sharedSubscriptionName, messageSelector);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) {
        return delegate().createBrowser(queue);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) {
        return delegate().createBrowser(queue, messageSelector);
    }

    @Override
    public TemporaryQueue createTemporaryQueue() {
        return delegate().createTemporaryQueue();
    }

    @Override
    public TemporaryTopic createTemporaryTopic() {
        return delegate().createTemporaryTopic();
    }

    @Override
    public void unsubscribe(String name) {
        delegate().unsubscribe(name);
    }

    @Override
    public String toString() {
        return "Injected" + key;
    }
}
