package dev.sluice.jms.internal;

import jakarta.jms.JMSContext;
import jakarta.jms.XAJMSContext;
import java.util.concurrent.atomic.AtomicInteger;
import javax.transaction.xa.XAResource;

/** A JMSContext on an XA session; {@code commit} and {@code rollback} are the transaction manager's. */
public final class SluiceXAContext extends SluiceContext implements XAJMSContext {

    private final SluiceXASession session;

    private SluiceXAContext(SluiceXAConnection connection, SluiceXASession session) {
        super(connection, session, new AtomicInteger(1));
        this.session = session;
    }

    /** A context owning {@code connection}; on failure the connection is closed. */
    public static SluiceXAContext open(SluiceXAConnection connection) {
        return opening(connection, () -> new SluiceXAContext(connection,
                connection.openXASession(SessionDomain.UNIFIED)));
    }

    @Override
    public JMSContext getContext() {
        checkOpen();
        return this;
    }

    @Override
    public XAResource getXAResource() {
        checkOpen();
        return session.getXAResource();
    }
}
