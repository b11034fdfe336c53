package dev.sluice.jms.internal;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.engine.Engine;
import dev.sluice.db.log.Destination;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.log.DestinationNotFoundException;
import dev.sluice.db.log.DestinationStore;
import dev.sluice.db.log.SubscriptionStore;
import dev.sluice.db.security.DestinationAccess;
import dev.sluice.db.security.Permission;
import dev.sluice.jms.ProviderConfig;
import dev.sluice.jms.SluiceDestination;
import dev.sluice.jms.internal.message.MessageCodec;
import dev.sluice.jms.internal.message.ObjectMessageAllowList;
import jakarta.jms.InvalidDestinationException;
import dev.sluice.db.xa.XaResourceManager;
import jakarta.jms.JMSException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the connections of one JVM share for one database and login: the delivery {@link Engine} (pools, appender,
 * acknowledger, LISTEN connection, background duties), the message codec, the executor CompletionListeners run on,
 * and a cache of destination ids. Reference-counted by {@link Backends}: the last connection to let go closes it.
 * Thread-safe.
 */
final class Backend implements AutoCloseable {

    private final BackendKey key;
    private final ProviderConfig config;
    private final Engine engine;
    private final MessageCodec codec;
    private final ObjectMessageAllowList objectAllowList;
    private final ExecutorService callbacks;
    private final Map<String, Destination> destinationCache = new ConcurrentHashMap<>();
    private final SharedCoordination coordination;
    private final PermissionCheck permissions;
    private int references;
    private XaResourceManager xaResourceManager;

    Backend(BackendKey key, ProviderConfig config, String user, String password) {
        this.key = key;
        this.config = config;
        this.engine = Engine.open(DatabaseConfig.builder().jdbcUrl(config.jdbcUrlForLogin(user)).user(user)
                .password(password).poolSize(config.poolSize()).connectionTimeoutMs(config.databaseTimeoutMs()).build(),
                "client " + (user == null ? "" : user));
        AtomicInteger callbackThreads = new AtomicInteger();
        this.callbacks = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "sluice-completion-" + callbackThreads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.objectAllowList = ObjectMessageAllowList.parse(config.objectMessageAllowList())
                .withLimits(config.objectMessageLimits());
        this.codec = new MessageCodec(objectAllowList);
        this.coordination = new SharedCoordination(this, config.sessionTimeoutMs());
        this.permissions = new PermissionCheck(new DestinationAccess(engine.database().jdbi()));
    }

    /** The XA resource manager of this database and login, opened at the first XA connection. */
    synchronized XaResourceManager xaResourceManager() throws JMSException {
        if (xaResourceManager == null) {
            try {
                xaResourceManager = XaResourceManager.open(engine);
            } catch (RuntimeException e) {
                throw JmsExceptions.toJms("XA is not available", e);
            }
        }
        return xaResourceManager;
    }

    /** What the login may do on destinations, asked where JMS operations start. */
    PermissionCheck permissions() {
        return permissions;
    }

    /** Whether using {@code destination} for the first time creates it (autoCreate; never a temporary one). */
    boolean createsOnFirstUse(SluiceDestination destination) {
        return config.autoCreate() && !destination.isTemporary();
    }

    /** The JVM's coordination client for this database and login, opened on first need. */
    SharedCoordination coordination() {
        return coordination;
    }

    BackendKey key() {
        return key;
    }

    synchronized void retain() {
        references++;
    }

    /** Drops one reference; true when it was the last and the backend must be closed. */
    synchronized boolean releaseReference() {
        return --references == 0;
    }

    ProviderConfig config() {
        return config;
    }

    Engine engine() {
        return engine;
    }

    Database database() {
        return engine.database();
    }

    DestinationStore destinations() {
        return engine.destinations();
    }

    SubscriptionStore subscriptions() {
        return engine.subscriptions();
    }

    /** Where CompletionListeners run: never on an appender thread, so a slow listener cannot stall sends. */
    ExecutorService callbacks() {
        return callbacks;
    }

    ObjectMessageAllowList objectAllowList() {
        return objectAllowList;
    }

    MessageCodec codec() {
        return codec;
    }

    /**
     * The stored destination for a JMS destination, created on first use when auto-creation is on (temporary
     * destinations are never auto-created: they exist only while their connection does).
     */
    Destination resolve(SluiceDestination destination) throws JMSException {
        DestinationKind kind = destination.isQueue() ? DestinationKind.QUEUE : DestinationKind.TOPIC;
        String cacheKey = kind.sqlName() + ":" + destination.name();
        Destination cached = destinationCache.get(cacheKey);
        if (cached != null) {
            return checkTemporaryAccess(destination, cached);
        }
        try {
            Destination found = engine.destinations().find(kind, destination.name()).orElse(null);
            if (found == null) {
                if (!config.autoCreate() || destination.isTemporary()) {
                    throw new InvalidDestinationException("There is no " + kind.sqlName() + " named '"
                            + destination.name() + "'" + (destination.isTemporary()
                            ? " (the temporary destination was deleted or its connection closed)"
                            : " and autoCreate is off: create it first (sluice " + kind.sqlName() + " create)"));
                }
                permissions.require(destination, Permission.CREATE, false);
                found = engine.destinations().createIfAbsent(kind, destination.name(), config.defaultPartitions());
            }
            destinationCache.put(cacheKey, found);
            return checkTemporaryAccess(destination, found);
        } catch (RuntimeException e) {
            throw JmsExceptions.toJms("Resolving " + destination, e);
        }
    }

    /**
     * A temporary destination is reached only through its TemporaryQueue/TemporaryTopic object, never by naming
     * an ordinary queue or topic the same: otherwise anyone could consume what only the owner may.
     */
    private static Destination checkTemporaryAccess(SluiceDestination requested, Destination stored)
            throws InvalidDestinationException {
        if (stored.temporary() && !requested.isTemporary()) {
            throw new InvalidDestinationException(requested + " is the name of a temporary destination; only its"
                    + " TemporaryQueue or TemporaryTopic object (for example from JMSReplyTo) can be used");
        }
        return stored;
    }

    /** Forgets a cached destination (it was deleted, or is about to be). */
    void forget(SluiceDestination destination) {
        destinationCache.remove((destination.isQueue() ? "queue:" : "topic:") + destination.name());
    }

    /** True when {@code e} says the destination vanished, so a cached id is stale. */
    static boolean destinationVanished(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof DestinationNotFoundException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (xaResourceManager != null) {
                xaResourceManager.close();
            }
        }
        callbacks.shutdown();
        coordination.close();
        engine.close();
    }
}
