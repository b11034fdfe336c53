package dev.sluice.jms.internal;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.log.DeliveryStore;
import dev.sluice.db.log.Destination;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.log.DestinationNotFoundException;
import dev.sluice.db.log.DestinationStore;
import dev.sluice.db.log.GroupAcknowledger;
import dev.sluice.db.log.GroupCommitAppender;
import dev.sluice.db.log.LogStore;
import dev.sluice.db.log.SubscriptionStore;
import dev.sluice.jms.ProviderConfig;
import dev.sluice.jms.SluiceDestination;
import dev.sluice.jms.internal.message.MessageCodec;
import dev.sluice.jms.internal.message.ObjectMessageAllowList;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the connections of one JVM share for one database and login: the connection pool (with the schema
 * migrated once), the stores, the group-commit appender, the LISTEN connection, a scheduler for background
 * duties, and a cache of destination ids. Reference-counted by {@link Backends}: the last connection to let go
 * closes it. Thread-safe.
 */
final class Backend implements AutoCloseable {

    private final String key;
    private final ProviderConfig config;
    private final Database database;
    private final DestinationStore destinations;
    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final LogStore log;
    private final GroupCommitAppender appender;
    private final GroupAcknowledger acknowledger;
    private final NotificationListener notifications;
    private final ScheduledExecutorService scheduler;
    private final MessageCodec codec;
    private final ObjectMessageAllowList objectAllowList;
    private final java.util.concurrent.ExecutorService callbacks;
    private final Map<String, Destination> destinationCache = new ConcurrentHashMap<>();
    private int references;

    Backend(String key, ProviderConfig config, String user, String password) {
        this.key = key;
        this.config = config;
        this.database = Database.open(DatabaseConfig.builder().jdbcUrl(config.jdbcUrlForLogin(user)).user(user)
                .password(password).poolSize(config.poolSize()).build());
        this.destinations = new DestinationStore(database.jdbi());
        this.subscriptions = new SubscriptionStore(database.jdbi());
        this.deliveries = new DeliveryStore(database.jdbi());
        this.log = new LogStore(database.jdbi());
        this.appender = new GroupCommitAppender(database.jdbi(), log, GroupCommitAppender.DEFAULT_MAX_BATCH);
        this.acknowledger = new GroupAcknowledger(database.jdbi());
        this.notifications = new NotificationListener(database);
        this.scheduler = Executors.newScheduledThreadPool(1, runnable -> {
            Thread thread = new Thread(runnable, "sluice-background | " + config.jdbcUrl());
            thread.setDaemon(true);
            return thread;
        });
        java.util.concurrent.atomic.AtomicInteger callbackThreads = new java.util.concurrent.atomic.AtomicInteger();
        this.callbacks = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "sluice-completion-" + callbackThreads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.objectAllowList = ObjectMessageAllowList.parse(config.objectMessageAllowList());
        this.codec = new MessageCodec(objectAllowList);
    }

    String key() {
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

    Database database() {
        return database;
    }

    SubscriptionStore subscriptions() {
        return subscriptions;
    }

    DeliveryStore deliveries() {
        return deliveries;
    }

    DestinationStore destinations() {
        return destinations;
    }

    LogStore log() {
        return log;
    }

    GroupCommitAppender appender() {
        return appender;
    }

    GroupAcknowledger acknowledger() {
        return acknowledger;
    }

    NotificationListener notifications() {
        return notifications;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Where CompletionListeners run: never on an appender thread, so a slow listener cannot stall sends. */
    java.util.concurrent.ExecutorService callbacks() {
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
            Destination found = destinations.find(kind, destination.name()).orElse(null);
            if (found == null) {
                if (!config.autoCreate() || destination.isTemporary()) {
                    throw new InvalidDestinationException("There is no " + kind.sqlName() + " named '"
                            + destination.name() + "'" + (destination.isTemporary()
                            ? " (the temporary destination was deleted or its connection closed)"
                            : " and autoCreate is off: create it first (sluice " + kind.sqlName() + " create)"));
                }
                found = destinations.createIfAbsent(kind, destination.name(), config.defaultPartitions());
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
        scheduler.shutdownNow();
        callbacks.shutdown();
        notifications.close();
        appender.close();
        acknowledger.close();
        database.close();
    }
}
