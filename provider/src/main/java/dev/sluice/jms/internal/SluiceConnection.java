package dev.sluice.jms.internal;

import dev.sluice.db.JdbcUrls;
import dev.sluice.db.log.Destination;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.jms.ProviderConfig;
import dev.sluice.jms.SluiceDestination;
import dev.sluice.jms.internal.message.SluiceTemporaryQueue;
import dev.sluice.jms.internal.message.SluiceTemporaryTopic;
import dev.sluice.jms.internal.message.TemporaryDestinationOwner;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionConsumer;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.ServerSessionPool;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JMS connection: a client's view of Sluice, owning sessions, its client ID (claimed as an ephemeral node in the
 * coordination service, so it is unique across all JVMs and freed when this process dies), its temporary
 * destinations. (The leases on messages its consumers hold are the engine's, shared by the JVM's connections to one
 * database and login, and renewed while the JVM runs.) Thread-safe, as the specification requires
 * (JMS 3.1 section 6.1); the sessions it creates are single-threaded.
 */
public class SluiceConnection implements Connection, QueueConnection, TopicConnection,
        TemporaryDestinationOwner {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceConnection.class);

    private final Backend backend;
    private final ProviderConfig config;
    private final String id = "conn-" + UUID.randomUUID();
    private final boolean clientIdAdministrative;
    private final List<SluiceSession> sessions = new CopyOnWriteArrayList<>();
    private final List<SluiceDestination> temporaryDestinations = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessionNumbers = new AtomicInteger();
    private final AtomicInteger temporaryNumbers = new AtomicInteger();
    private final AtomicLong messageIds = new AtomicLong();
    private final Object lifecycle = new Object();
    private final CoordinationSession coordination;
    private final AtomicBoolean databaseLost = new AtomicBoolean();
    private volatile long databaseLostAtNanos;

    private volatile String clientId;
    private volatile boolean clientIdFrozen;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile ExceptionListener exceptionListener;
    private volatile IllegalStateException lost;

    SluiceConnection(Backend backend, ProviderConfig config) throws JMSException {
        this.backend = backend;
        this.config = config;
        this.coordination = new CoordinationSession(backend, id, this::coordinationExpired);
        this.clientIdAdministrative = config.clientId() != null;
        if (clientIdAdministrative) {
            try {
                claimClientId(config.clientId());
            } catch (JMSException | RuntimeException e) {
                coordination.close();
                throw e;
            }
        }
    }

    /**
     * Opens a connection with the given login (null: the URL's), translating failures to JMS exceptions: a refused
     * login is a {@link jakarta.jms.JMSSecurityException} with the server's reason.
     */
    private volatile ApplicationTransaction joined;

    public static SluiceConnection open(ProviderConfig config, String user, String password) throws JMSException {
        return open(config, user, password, SluiceConnection::new);
    }

    interface Maker<C extends SluiceConnection> {
        C make(Backend backend, ProviderConfig config) throws JMSException;
    }

    static <C extends SluiceConnection> C open(ProviderConfig config, String user, String password, Maker<C> maker)
            throws JMSException {
        Backend backend;
        try {
            backend = Backends.acquire(config, user, password);
        } catch (RuntimeException e) {
            throw JmsExceptions.toJms("Cannot open a Sluice connection to " + JdbcUrls.redact(config.jdbcUrl())
                    + (user == null ? "" : " as '" + user + "'"), e);
        }
        try {
            return maker.make(backend, config);
        } catch (JMSException | RuntimeException e) {
            Backends.release(backend);
            throw e;
        }
    }

    /** This connection's identity: the stem of its message IDs, and its producer id for noLocal without client ID. */
    String id() {
        return id;
    }

    /**
     * Who sent a message, as stored for noLocal: the client ID when there is one, since JMS 3.1 section 8.3.3
     * lets a durable noLocal subscription ignore messages of every connection with its client ID; otherwise the
     * connection id.
     */
    String producerId() {
        String current = clientId;
        return current == null ? id : "client:" + current;
    }

    Backend backend() {
        return backend;
    }

    ProviderConfig config() {
        return config;
    }

    CoordinationSession coordination() {
        return coordination;
    }

    boolean isStarted() {
        return started;
    }

    boolean isClosed() {
        return closed;
    }

    /** A new JMSMessageID: unique per connection, and the connection id is unique. */
    String nextMessageId() {
        return "ID:" + id.substring(5) + ":" + messageIds.incrementAndGet();
    }

    void checkOpen() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("Connection " + describe() + " is closed");
        }
        checkNotLost();
    }

    /** Throws when the connection lost what it held in the coordination service (see coordinationExpired). */
    void checkNotLost() throws IllegalStateException {
        IllegalStateException cause = lost;
        if (cause != null) {
            throw new IllegalStateException(cause.getMessage(), cause.getErrorCode());
        }
    }

    boolean isLost() {
        return lost != null;
    }

    /**
     * The coordination session expired under the connection: it could not reach the database for longer than the
     * session timeout while others could (a restart or failover of the database itself expires nobody). Its client
     * ID, temporary destinations and non-durable subscriptions were released and may be taken by others, so the
     * connection fails as a whole, loudly: its ExceptionListener is told, and every later call (a waiting receive
     * too) throws, rather than a consumer staying open on a subscription that no longer exists.
     */
    private void coordinationExpired() {
        IllegalStateException failure = new IllegalStateException("Connection " + describe() + " lost its"
                + " coordination session, which expired (no heartbeat reached the database for sessionTimeoutMs = "
                + config.sessionTimeoutMs() + " ms while others did): its client ID, temporary destinations and"
                + " non-durable subscriptions were released and may be taken by others; close this connection and"
                + " open a new one", "SESSION_EXPIRED");
        lost = failure;
        for (SluiceSession session : sessions) {
            session.wakeAll();
        }
        reportAsync(failure);
    }

    String describe() {
        return clientId == null ? id : "'" + clientId + "' (" + id + ")";
    }

    /** The JMS client ID may only be set before anything else is done with the connection. */
    void freezeClientId() {
        clientIdFrozen = true;
    }

    @Override
    public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createSession(transacted, acknowledgeMode, SessionDomain.UNIFIED);
    }

    private SluiceSession createSession(boolean transacted, int acknowledgeMode, SessionDomain domain)
            throws JMSException {
        checkOpen();
        freezeClientId();
        return openSession(transacted, acknowledgeMode, domain);
    }

    /**
     * Creates a session without fixing the client ID: a JMSContext owns its session from the start, yet its
     * client ID may still be set right after creation (JMS 3.1 section 10.2.3).
     */
    SluiceSession openSession(boolean transacted, int acknowledgeMode, SessionDomain domain) throws JMSException {
        checkOpen();
        int mode = transacted ? Session.SESSION_TRANSACTED : acknowledgeMode;
        if (mode != Session.SESSION_TRANSACTED && mode != Session.AUTO_ACKNOWLEDGE
                && mode != Session.CLIENT_ACKNOWLEDGE && mode != Session.DUPS_OK_ACKNOWLEDGE) {
            throw new JMSException("Invalid acknowledge mode " + acknowledgeMode + "; use Session.AUTO_ACKNOWLEDGE (1),"
                    + " CLIENT_ACKNOWLEDGE (2), DUPS_OK_ACKNOWLEDGE (3) or a transacted session");
        }
        if (joined != null) {
            // Whatever the application asked for, the work is the application's transaction's (as an XA session).
            mode = Session.SESSION_TRANSACTED;
        }
        SluiceSession session = new SluiceSession(this, sessionNumbers.incrementAndGet(), mode, domain, joined);
        sessions.add(session);
        return session;
    }

    /** An XA session: its work goes into whichever XA branch its resource is associated with. */
    SluiceXASession openXASession(SessionDomain domain) throws JMSException {
        checkOpen();
        SluiceXASession session = new SluiceXASession(this, sessionNumbers.incrementAndGet(), domain,
                backend.xaResourceManager().newResource());
        sessions.add(session);
        return session;
    }

    /**
     * Makes every session of this connection (made afterwards) write its sends and acknowledgements into the
     * application's JDBC transaction; see {@link dev.sluice.jms.SluiceTransactions}.
     */
    public void joinApplicationTransaction(ApplicationTransaction transaction) {
        this.joined = transaction;
    }

    @Override
    public Session createSession(int sessionMode) throws JMSException {
        return createSession(sessionMode == Session.SESSION_TRANSACTED, sessionMode);
    }

    @Override
    public Session createSession() throws JMSException {
        return createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @Override
    public QueueSession createQueueSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createSession(transacted, acknowledgeMode, SessionDomain.QUEUE);
    }

    @Override
    public TopicSession createTopicSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createSession(transacted, acknowledgeMode, SessionDomain.TOPIC);
    }

    void sessionClosed(SluiceSession session) {
        sessions.remove(session);
    }

    String clientIdOrNull() {
        return clientId;
    }

    @Override
    public String getClientID() throws JMSException {
        checkOpen();
        return clientId;
    }

    @Override
    public void setClientID(String newClientId) throws JMSException {
        checkOpen();
        if (clientIdAdministrative) {
            throw new IllegalStateException("The client ID of connection " + describe()
                    + " was configured administratively and cannot be changed");
        }
        if (clientId != null) {
            throw new IllegalStateException("Connection " + describe() + " already has a client ID");
        }
        if (clientIdFrozen) {
            throw new IllegalStateException("setClientID must be called before the connection " + id
                    + " is used (sessions created or started)");
        }
        if (newClientId == null || newClientId.isEmpty()) {
            throw new jakarta.jms.InvalidClientIDException("A client ID must not be null or empty");
        }
        claimClientId(newClientId);
    }

    private void claimClientId(String newClientId) throws JMSException {
        coordination.claimClientId(newClientId);
        clientId = newClientId;
        clientIdFrozen = true;
    }

    @Override
    public ConnectionMetaData getMetaData() throws JMSException {
        checkOpen();
        return SluiceConnectionMetaData.INSTANCE;
    }

    @Override
    public ExceptionListener getExceptionListener() throws JMSException {
        checkOpen();
        return exceptionListener;
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) throws JMSException {
        checkOpen();
        freezeClientId();
        this.exceptionListener = listener;
    }

    /** Reports a failure nobody is waiting for (a listener thread's, an asynchronous send's). */
    /**
     * A listener could not reach the database: told once per outage (delivery goes on by itself when the database
     * is back), not at every retry.
     */
    void databaseUnreachable(JMSException e) {
        databaseLostAtNanos = System.nanoTime();
        if (databaseLost.compareAndSet(false, true)) {
            reportAsync(JmsExceptions.link(new JMSException("Connection " + describe() + " cannot reach the"
                    + " database; its message listeners retry and resume by themselves when it is back (told once"
                    + " per outage): " + e.getMessage(), e.getErrorCode()), e));
        }
    }

    /** A listener delivered again: if a claim or acknowledgement went through since the outage, it is over. */
    void databaseReached() {
        if (databaseLost.get() && backend.engine().lastReachedNanos() - databaseLostAtNanos > 0
                && databaseLost.compareAndSet(true, false)) {
            LOG.info("Connection {} reaches the database again; message delivery resumed", describe());
        }
    }

    void reportAsync(JMSException e) {
        ExceptionListener listener = exceptionListener;
        if (listener == null) {
            LOG.warn("Connection {}: {} (no ExceptionListener set)", describe(), e.getMessage(), e);
            return;
        }
        try {
            listener.onException(e);
        } catch (RuntimeException listenerError) {
            LOG.warn("ExceptionListener of connection {} threw", describe(), listenerError);
        }
    }

    @Override
    public void start() throws JMSException {
        checkOpen();
        freezeClientId();
        SluiceSession.checkNotInListener(this, "start");
        started = true;
        for (SluiceSession session : sessions) {
            session.wakeAll();
        }
    }

    @Override
    public void stop() throws JMSException {
        checkOpen();
        freezeClientId();
        SluiceSession.checkNotInListener(this, "stop");
        started = false;
        for (SluiceSession session : sessions) {
            session.awaitListenerIdle();
        }
    }

    @Override
    public void close() throws JMSException {
        SluiceSession.checkNotInListener(this, "close");
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            started = false;
        }
        JMSException failure = null;
        for (SluiceSession session : sessions) {
            try {
                session.close();
            } catch (JMSException e) {
                failure = failure == null ? e : failure;
            }
        }
        for (SluiceDestination temporary : temporaryDestinations) {
            try {
                deleteStored(temporary);
            } catch (RuntimeException e) {
                LOG.warn("Connection {}: deleting temporary {} failed; maintenance will remove it", describe(),
                        temporary, e);
            }
        }
        coordination.close();
        Backends.release(backend);
        if (failure != null) {
            throw failure;
        }
    }

    // --- temporary destinations -------------------------------------------------------------------------------

    SluiceTemporaryQueue createTemporaryQueue() throws JMSException {
        checkOpen();
        String name = "tmp." + id.substring(5) + "." + temporaryNumbers.incrementAndGet();
        createStoredTemporary(DestinationKind.QUEUE, name);
        SluiceTemporaryQueue queue = new SluiceTemporaryQueue(name, this);
        temporaryDestinations.add(queue);
        return queue;
    }

    SluiceTemporaryTopic createTemporaryTopic() throws JMSException {
        checkOpen();
        String name = "tmp." + id.substring(5) + "." + temporaryNumbers.incrementAndGet();
        createStoredTemporary(DestinationKind.TOPIC, name);
        SluiceTemporaryTopic topic = new SluiceTemporaryTopic(name, this);
        temporaryDestinations.add(topic);
        return topic;
    }

    private void createStoredTemporary(DestinationKind kind, String name) throws JMSException {
        try {
            backend.destinations().create(kind, name, 1, coordination.sessionId());
        } catch (RuntimeException e) {
            throw JmsExceptions.toJms("Creating temporary " + kind.sqlName() + " " + name, e);
        }
    }

    /** True when {@code destination} is a temporary destination this connection created. */
    boolean owns(SluiceDestination destination) {
        return temporaryDestinations.contains(destination);
    }

    @Override
    public void deleteTemporary(SluiceDestination destination) throws JMSException {
        checkOpen();
        if (!temporaryDestinations.contains(destination)) {
            throw new IllegalStateException("The " + destination + " does not belong to connection "
                    + describe() + " or was deleted already");
        }
        for (SluiceSession session : sessions) {
            if (session.hasConsumerOn(destination)) {
                throw new IllegalStateException("Cannot delete " + destination
                        + " while it has consumers; close them first");
            }
        }
        try {
            deleteStored(destination);
        } catch (RuntimeException e) {
            throw JmsExceptions.toJms("Deleting " + destination, e);
        }
        temporaryDestinations.remove(destination);
    }

    private void deleteStored(SluiceDestination destination) {
        backend.forget(destination);
        DestinationKind kind = destination.isQueue() ? DestinationKind.QUEUE : DestinationKind.TOPIC;
        if (backend.destinations().find(kind, destination.name()).isPresent()) {
            backend.destinations().delete(kind, destination.name());
        }
    }

    /** The stored destination behind a JMS destination (see {@link Backend#resolve}). */
    Destination resolve(SluiceDestination destination) throws JMSException {
        return backend.resolve(destination);
    }

    // --- optional server-side facilities -----------------------------------------------------------------------

    @Override
    public ConnectionConsumer createConnectionConsumer(jakarta.jms.Destination destination, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages)
            throws JMSException {
        throw unsupportedConnectionConsumer();
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Queue queue, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages)
            throws JMSException {
        throw unsupportedConnectionConsumer();
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Topic topic, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages)
            throws JMSException {
        throw unsupportedConnectionConsumer();
    }

    @Override
    public ConnectionConsumer createSharedConnectionConsumer(Topic topic, String subscriptionName,
                                                             String messageSelector, ServerSessionPool sessionPool,
                                                             int maxMessages) throws JMSException {
        throw unsupportedConnectionConsumer();
    }

    @Override
    public ConnectionConsumer createDurableConnectionConsumer(Topic topic, String subscriptionName,
                                                              String messageSelector, ServerSessionPool sessionPool,
                                                              int maxMessages) throws JMSException {
        throw unsupportedConnectionConsumer();
    }

    @Override
    public ConnectionConsumer createSharedDurableConnectionConsumer(Topic topic, String subscriptionName,
                                                                    String messageSelector,
                                                                    ServerSessionPool sessionPool, int maxMessages)
            throws JMSException {
        throw unsupportedConnectionConsumer();
    }

    private static JMSException unsupportedConnectionConsumer() {
        return new JMSException("Connection consumers (application-server facilities, optional in JMS 3.1"
                + " section 8) are not supported by Sluice; use MessageListener on a session instead");
    }
}
