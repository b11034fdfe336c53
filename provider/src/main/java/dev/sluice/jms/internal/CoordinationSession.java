package dev.sluice.jms.internal;

import dev.sluice.coordination.CoordinationException;
import dev.sluice.coordination.Coordinator;
import dev.sluice.coordination.CoordinatorConfig;
import dev.sluice.coordination.CreateMode;
import dev.sluice.coordination.NoNodeException;
import dev.sluice.coordination.NodeExistsException;
import dev.sluice.coordination.NodeName;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.JMSException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A JMS connection's coordination session, opened on first need (a client ID, a temporary destination, a
 * subscription) so connections that only send cost nothing extra. Everything the connection owns is an ephemeral
 * node of this session, or a row naming its id: when the process dies the session expires and it all goes, with no
 * single process required to notice. Thread-safe.
 */
final class CoordinationSession implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CoordinationSession.class);

    private static final String CLIENTS = "/sluice/clients";
    private static final String SUBSCRIPTIONS = "/sluice/subscriptions";

    private final Backend backend;
    private final long timeoutMs;
    private final String connectionId;
    private final Runnable expired;
    private Coordinator coordinator;
    private boolean closed;

    /** @param expired run, once, when this session expired under the connection (it did not close it) */
    CoordinationSession(Backend backend, long timeoutMs, String connectionId, Runnable expired) {
        this.backend = backend;
        this.timeoutMs = timeoutMs;
        this.connectionId = connectionId;
        this.expired = expired;
    }

    private synchronized Coordinator coordinator() throws JMSException {
        if (closed) {
            throw new IllegalStateException("Connection " + connectionId + " is closed");
        }
        if (coordinator == null) {
            try {
                coordinator = Coordinator.open(backend.database(), CoordinatorConfig.builder()
                        .sessionTimeout(Duration.ofMillis(timeoutMs)).name(connectionId).build());
                coordinator.addSessionExpiryListener(this::releaseOwnedBy);
                coordinator.addSessionStateListener(state -> {
                    if (state == dev.sluice.coordination.SessionState.EXPIRED) {
                        expired.run();
                    }
                });
            } catch (RuntimeException e) {
                throw JmsExceptions.toJms("Opening the coordination session of connection " + connectionId, e);
            }
        }
        return coordinator;
    }

    /**
     * Whoever notices that a session expired removes what it owned: its connection's temporary destinations and
     * non-durable subscriptions (ephemeral nodes go by themselves).
     */
    private void releaseOwnedBy(java.util.Set<Long> expiredSessions) {
        try {
            int destinations = backend.destinations().deleteOwnedBy(expiredSessions);
            int subscriptions = backend.subscriptions().deleteOwnedBy(expiredSessions);
            if (destinations + subscriptions > 0) {
                LOG.info("Removed {} temporary destinations and {} subscriptions of expired sessions {}",
                        destinations, subscriptions, expiredSessions);
            }
        } catch (RuntimeException e) {
            LOG.warn("Removing what expired sessions {} owned failed; the server's maintenance will retry",
                    expiredSessions, e);
        }
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
            session.create(CLIENTS + "/" + encode(clientId), connectionId.getBytes(StandardCharsets.UTF_8),
                    CreateMode.EPHEMERAL);
        } catch (NodeExistsException e) {
            throw JmsExceptions.link(new InvalidClientIDException("Client ID '" + clientId
                    + "' is already in use by another open connection"), e);
        } catch (CoordinationException e) {
            throw JmsExceptions.toJms("Claiming client ID '" + clientId + "'", e);
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

    @Override
    public synchronized void close() {
        closed = true;
        if (coordinator != null) {
            coordinator.close();
            coordinator = null;
        }
    }
}
