package dev.sluice.jms.internal;

import dev.sluice.jms.ProviderConfig;
import jakarta.jms.JMSException;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XASession;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicSession;

/**
 * A connection whose XA sessions take part in XA transactions; its ordinary sessions behave as on any Sluice
 * connection. Opening one checks that PostgreSQL can prepare transactions.
 */
public final class SluiceXAConnection extends SluiceConnection implements XAQueueConnection, XATopicConnection {

    private SluiceXAConnection(Backend backend, ProviderConfig config) throws JMSException {
        super(backend, config);
        backend.xaResourceManager();
    }

    public static SluiceXAConnection open(ProviderConfig config, String user, String password) throws JMSException {
        return open(config, user, password, SluiceXAConnection::new);
    }

    @Override
    public XASession createXASession() throws JMSException {
        freezeClientId();
        return openXASession(SessionDomain.UNIFIED);
    }

    @Override
    public XAQueueSession createXAQueueSession() throws JMSException {
        freezeClientId();
        return openXASession(SessionDomain.QUEUE);
    }

    @Override
    public XATopicSession createXATopicSession() throws JMSException {
        freezeClientId();
        return openXASession(SessionDomain.TOPIC);
    }
}
