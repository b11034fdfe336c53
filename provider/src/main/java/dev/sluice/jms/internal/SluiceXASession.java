package dev.sluice.jms.internal;

import dev.sluice.db.xa.XaSessionResource;
import jakarta.jms.JMSException;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TopicSession;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XATopicSession;
import javax.transaction.xa.XAResource;

/**
 * A session whose sends and acknowledgements belong to the XA transaction its {@link XaSessionResource} is
 * associated with; the transaction manager commits or rolls them back, never the session itself.
 */
final class SluiceXASession extends SluiceSession implements XAQueueSession, XATopicSession {

    private final XaSessionResource resource;

    SluiceXASession(SluiceConnection connection, int number, SessionDomain domain, XaSessionResource resource) {
        super(connection, number, Session.SESSION_TRANSACTED, domain, inBranchesOf(resource));
        this.resource = resource;
    }

    /** Where the session's work goes: the branch {@code resource} is associated with, if any. */
    private static ApplicationTransaction inBranchesOf(XaSessionResource resource) {
        return new ApplicationTransaction() {
            @Override
            public void use(java.util.function.Consumer<java.sql.Connection> work) throws java.sql.SQLException {
                resource.use(work);
            }

            @Override
            public boolean willBePrepared() {
                return resource.willBePrepared();
            }

            @Override
            public void acknowledged(dev.sluice.db.engine.Held record) {
                resource.acknowledged(record);
            }
        };
    }

    @Override
    public XAResource getXAResource() {
        return resource;
    }

    @Override
    public Session getSession() throws JMSException {
        checkOpen();
        return this;
    }

    @Override
    public QueueSession getQueueSession() throws JMSException {
        checkOpen();
        return this;
    }

    @Override
    public TopicSession getTopicSession() throws JMSException {
        checkOpen();
        return this;
    }

    @Override
    public void commit() throws JMSException {
        checkOpen();
        throw new TransactionInProgressException("commit() called on an XA session: its XA transaction manager"
                + " commits the transaction");
    }

    @Override
    public void rollback() throws JMSException {
        checkOpen();
        throw new TransactionInProgressException("rollback() called on an XA session: its XA transaction manager"
                + " rolls the transaction back");
    }
}
