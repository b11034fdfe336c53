package dev.sluice.jms.internal;

import dev.sluice.coordination.CoordinationException;
import dev.sluice.coordination.Coordinator;
import dev.sluice.coordination.CreateMode;
import dev.sluice.coordination.InvalidPathException;
import dev.sluice.coordination.NoNodeException;
import dev.sluice.coordination.NodeExistsException;
import dev.sluice.coordination.NodeName;
import dev.sluice.db.log.DestinationName;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.JMSException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A JMS connection's part of its JVM's shared coordination session ({@link SharedCoordination}): its client ID and
 * consumer claims are ephemeral nodes of that session, deleted when the connection closes (or with the session
 * when the process dies); its temporary destinations and non-durable subscriptions are rows naming the session.
 * Nothing is opened for connections that only send. Thread-safe.
 */
final class CoordinationSession implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CoordinationSession.class);
    private static final String CLIENTS = "/sluice/clients";
    private static final String SUBSCRIPTIONS = "/sluice/subscriptions";

    private final Backend backend;
    private final String connectionId;
    private final Runnable expired;
    private Coordinator coordinator;
    private String clientIdNode;
    private boolean closed;

    /** @param expired run, once, when the session expired under the connection (it did not close it) */
    CoordinationSession(Backend backend, String connectionId, Runnable expired) {
        this.backend = backend;
        this.connectionId = connectionId;
        this.expired = expired;
    }

    private synchronized Coordinator coordinator() throws JMSException {
        if (closed) {
            throw new IllegalStateException("Connection " + connectionId + " is closed");
        }
        if (coordinator == null || coordinator.state().isFinal()) {
            try {
                coordinator = backend.coordination().coordinator(expired);
            } catch (RuntimeException e) {
                throw JmsExceptions.toJms("Opening the coordination session of connection " + connectionId, e);
            }
        }
        return coordinator;
    }

    /** The coordination session id (stored as owner of temporary destinations and subscriptions). */
    long sessionId() throws JMSException {
        return coordinator().sessionId();
    }

    /** Claims a client ID for this connection across all JVMs (JMS 3.1 section 6.1.2). */
    void claimClientId(String clientId) throws JMSException {
        Coordinator session = coordinator();
        try {
            ensureParent(session, CLIENTS);
            String node = session.create(CLIENTS + "/" + encode(clientId),
                    connectionId.getBytes(StandardCharsets.UTF_8), CreateMode.EPHEMERAL);
            synchronized (this) {
                clientIdNode = node;
            }
        } catch (NodeExistsException e) {
            throw JmsExceptions.link(new InvalidClientIDException("Client ID " + DestinationName.quoted(clientId)
                    + " is already in use by another open connection"), e);
        } catch (InvalidPathException e) {
            throw JmsExceptions.link(new InvalidClientIDException("Client ID " + DestinationName.quoted(clientId)
                    + " is too long: its coordination node's path would exceed 1,024 bytes"), e);
        } catch (CoordinationException e) {
            throw JmsExceptions.toJms("Claiming client ID " + DestinationName.quoted(clientId), e);
        }
    }

    /**
     * Registers an active consumer of a subscription: for an unshared one it must be the only one (the claim
     * fails with IllegalStateException otherwise). Closing the returned claim withdraws it.
     */
    AutoCloseable claimConsumer(String subscriptionName, boolean exclusive, String description) throws JMSException {
        Coordinator session = coordinator();
        String node = SUBSCRIPTIONS + "/" + encode(subscriptionName);
        try {
            ensureParent(session, SUBSCRIPTIONS);
            ensureParent(session, node);
            String created;
            if (exclusive) {
                created = session.create(node + "/active", connectionId.getBytes(StandardCharsets.UTF_8),
                        CreateMode.EPHEMERAL);
            } else {
                created = session.create(node + "/consumer-", connectionId.getBytes(StandardCharsets.UTF_8),
                        CreateMode.EPHEMERAL_SEQUENTIAL);
            }
            return () -> {
                try {
                    session.delete(created, -1);
                } catch (NoNodeException gone) {
                    // already removed with the session
                }
            };
        } catch (NodeExistsException e) {
            throw JmsExceptions.link(new IllegalStateException(description
                    + " already has an active consumer; an unshared durable subscription admits only one"), e);
        } catch (CoordinationException e) {
            throw JmsExceptions.toJms("Registering a consumer of " + description, e);
        }
    }

    /** How many consumers (in any JVM) are active on a subscription. */
    int activeConsumers(String subscriptionName) throws JMSException {
        Coordinator session = coordinator();
        try {
            List<String> children = session.getChildren(SUBSCRIPTIONS + "/" + encode(subscriptionName));
            return children.size();
        } catch (NoNodeException e) {
            return 0;
        } catch (CoordinationException e) {
            throw JmsExceptions.toJms("Counting consumers of subscription " + subscriptionName, e);
        }
    }

    private static void ensureParent(Coordinator session, String path) {
        session.ensurePath(path);
    }

    /** One path segment for any string (client IDs and subscription names may contain '/', '.' or '..'). */
    private static String encode(String name) {
        return NodeName.escape(name);
    }

    /** Stops heartbeats as if this process had lost the database (tests of session expiry). */
    synchronized void stopHeartbeatsForTesting() throws JMSException {
        coordinator().stopHeartbeatsForTesting();
    }

    /** Gives up the client ID; the shared session lives on for the JVM's other connections. */
    @Override
    public synchronized void close() {
        closed = true;
        if (coordinator != null) {
            if (clientIdNode != null && !coordinator.state().isFinal()) {
                try {
                    coordinator.delete(clientIdNode, -1);
                } catch (NoNodeException gone) {
                    // removed already
                } catch (CoordinationException e) {
                    LOG.warn("Connection {}: releasing its client ID failed; it is released when this process ends",
                            connectionId, e);
                }
            }
            backend.coordination().forget(expired);
            coordinator = null;
        }
    }
}
