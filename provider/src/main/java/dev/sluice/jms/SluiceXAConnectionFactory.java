package dev.sluice.jms;

import dev.sluice.jms.internal.SluiceXAConnection;
import dev.sluice.jms.internal.SluiceXAContext;
import jakarta.jms.JMSException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAConnectionFactory;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueConnectionFactory;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicConnectionFactory;
import dev.sluice.jms.internal.JmsExceptions;

/**
 * Sluice for XA transaction managers (Jakarta EE servers, Narayana, Atomikos): the XAResource of an XA session
 * runs on PostgreSQL's two-phase commit ({@code PREPARE TRANSACTION}, {@code COMMIT PREPARED},
 * {@code ROLLBACK PREPARED}), and {@code recover()} lists Sluice's prepared transactions in the database, so a
 * transaction manager completes them after a crash. The PostgreSQL server needs {@code max_prepared_transactions}
 * above 0 (the embedded one has 64); {@code sluice transactions} lists prepared transactions nobody completed.
 * Configured as a {@link SluiceConnectionFactory}, whose plain connections it also makes.
 * See {@code docs/transactions.md}.
 */
public class SluiceXAConnectionFactory extends SluiceConnectionFactory
        implements XAConnectionFactory, XAQueueConnectionFactory, XATopicConnectionFactory {

    public SluiceXAConnectionFactory() {
    }

    public SluiceXAConnectionFactory(String url) {
        super(url);
    }

    @Override
    public XAConnection createXAConnection() throws JMSException {
        return createXAConnection(getUser(), password());
    }

    @Override
    public XAConnection createXAConnection(String userName, String password) throws JMSException {
        return SluiceXAConnection.open(config(), userName, password);
    }

    @Override
    public XAQueueConnection createXAQueueConnection() throws JMSException {
        return (XAQueueConnection) createXAConnection();
    }

    @Override
    public XAQueueConnection createXAQueueConnection(String userName, String password) throws JMSException {
        return (XAQueueConnection) createXAConnection(userName, password);
    }

    @Override
    public XATopicConnection createXATopicConnection() throws JMSException {
        return (XATopicConnection) createXAConnection();
    }

    @Override
    public XATopicConnection createXATopicConnection(String userName, String password) throws JMSException {
        return (XATopicConnection) createXAConnection(userName, password);
    }

    @Override
    public XAJMSContext createXAContext() {
        return createXAContext(getUser(), password());
    }

    @Override
    public XAJMSContext createXAContext(String userName, String password) {
        try {
            return SluiceXAContext.open((SluiceXAConnection) createXAConnection(userName, password));
        } catch (JMSException e) {
            throw JmsExceptions.toRuntime(e);
        }
    }
}
