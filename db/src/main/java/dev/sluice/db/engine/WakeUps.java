package dev.sluice.db.engine;

import dev.sluice.db.Database;
import dev.sluice.db.log.DestinationListeners;
import dev.sluice.db.log.LogStore;
import dev.sluice.db.log.PendingStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One LISTEN connection per engine (JVM, database and login): receives the notifications appends and releases send
 * ({@code sluice_log_<destination id>}) and fires the {@link DestinationSignal} of that destination. The thread
 * blocks in the driver waiting for notifications (no query polling). A JDBC connection is confined to one thread,
 * so new LISTENs are issued by that thread; to have it issue one at once instead of after its current wait, the
 * requester notifies the listener's private channel ({@code sluice_wake_<random>}), which ends the wait. A consumer
 * on a new destination (every temporary reply queue) is thus listening within a round trip or two.
 *
 * <p>Notifications this JVM's own appends sent (their payload is the engine's origin) are ignored: the appender
 * fired the signal itself at commit, a round trip earlier. When the connection breaks it reconnects and fires every signal, so waiters look for records themselves.
 * Thread-safe.
 */
public final class WakeUps implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WakeUps.class);
    private static final int WAIT_MS = 5_000;
    private static final long LISTEN_CONFIRM_MS = 10_000;

    private final Database database;
    private final String origin;
    private final IntConsumer listenedByOthers;
    private final Runnable pendingCommitted;
    private final String wakeChannel = "sluice_wake_" + UUID.randomUUID().toString().replace("-", "");
    private final Map<Integer, DestinationSignal> signals = new ConcurrentHashMap<>();
    private final Queue<PendingListen> pendingListens = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param listenedByOthers told when another process registers as a listener of a destination (so this JVM's
     *     appends to it must be announced)
     * @param pendingCommitted told when a transaction that wrote pending messages committed (and after every
     *     reconnection, when such notifications may have been missed)
     */
    WakeUps(Database database, String owner, String origin, IntConsumer listenedByOthers,
            Runnable pendingCommitted) {
        this.database = database;
        this.origin = origin;
        this.listenedByOthers = listenedByOthers;
        this.pendingCommitted = pendingCommitted;
        this.thread = new Thread(this::run, "sluice-wake-ups | " + owner);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The signal of a destination; the first request for one waits until this JVM listens to it (so nothing
     * committed after this returns goes unnoticed).
     */
    public DestinationSignal signal(int destinationId) {
        DestinationSignal existing = signals.get(destinationId);
        if (existing != null) {
            return existing;
        }
        PendingListen pending = new PendingListen(destinationId, new CompletableFuture<>());
        pendingListens.add(pending);
        interruptWait();
        try {
            pending.done.get(LISTEN_CONFIRM_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("LISTEN for destination {} not confirmed within {} ms; its readers rely on periodic checks"
                    + " until it is", destinationId, LISTEN_CONFIRM_MS, e);
        }
        return signals.computeIfAbsent(destinationId, id -> new DestinationSignal());
    }

    /** Fires a destination's signal from this JVM (its own commit), if anyone here waits for it. */
    public void fireLocally(int destinationId) {
        DestinationSignal signal = signals.get(destinationId);
        if (signal != null) {
            signal.fire();
        }
    }

    private void interruptWait() {
        try {
            database.jdbi().useHandle(handle -> handle.createQuery("select pg_notify(:channel, '')")
                    .bind("channel", wakeChannel).mapTo(String.class).findOne());
        } catch (RuntimeException e) {
            LOG.debug("Could not wake the notification thread; it issues the LISTEN after its current wait", e);
        }
    }

    private void run() {
        while (running) {
            try (Connection connection = database.openDedicatedConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + wakeChannel);
                    statement.execute("LISTEN " + DestinationListeners.CHANNEL);
                    statement.execute("LISTEN " + PendingStore.CHANNEL);
                }
                pendingCommitted.run();
                for (Integer destinationId : signals.keySet()) {
                    listen(connection, destinationId);
                }
                signals.values().forEach(DestinationSignal::fire);
                PGConnection pg = connection.unwrap(PGConnection.class);
                long refreshed = System.nanoTime();
                while (running) {
                    PendingListen pending;
                    while ((pending = pendingListens.poll()) != null) {
                        listen(connection, pending.destinationId);
                        signals.computeIfAbsent(pending.destinationId, id -> new DestinationSignal());
                        pending.done.complete(null);
                    }
                    if (System.nanoTime() - refreshed > DestinationListeners.REFRESH_MS * 1_000_000L) {
                        DestinationListeners.refresh(connection, origin);
                        refreshed = System.nanoTime();
                    }
                    PGNotification[] notifications = pg.getNotifications(WAIT_MS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            if (!origin.equals(notification.getParameter())) {
                                dispatch(notification.getName(), notification.getParameter());
                            }
                        }
                    }
                }
                unregister(connection);
            } catch (SQLException e) {
                if (running) {
                    LOG.warn("{}: the notification connection failed; reconnecting", thread.getName(), e);
                    signals.values().forEach(DestinationSignal::fire);
                    pause();
                }
            } catch (RuntimeException e) {
                LOG.error("Notification listener hit an unexpected error; restarting it", e);
                pause();
            }
        }
    }

    /** LISTENs, then registers, so that whoever learns of the registration notifies a listening connection. */
    private void listen(Connection connection, int destinationId) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + LogStore.CHANNEL_PREFIX + destinationId);
        }
        DestinationListeners.register(connection, destinationId, origin);
    }

    private void unregister(Connection connection) {
        try {
            DestinationListeners.unregister(connection, origin);
        } catch (SQLException e) {
            LOG.debug("Could not remove this JVM's listener registrations; they age out", e);
        }
    }

    private void dispatch(String channel, String payload) {
        if (channel.equals(DestinationListeners.CHANNEL)) {
            String[] registration = payload.split(" ", 2);
            if (registration.length == 2 && !registration[1].equals(origin)) {
                try {
                    listenedByOthers.accept(Integer.parseInt(registration[0]));
                } catch (NumberFormatException e) {
                    LOG.debug("Ignoring listener registration '{}'", payload);
                }
            }
            return;
        }
        if (channel.equals(PendingStore.CHANNEL)) {
            pendingCommitted.run();
            return;
        }
        if (!channel.startsWith(LogStore.CHANNEL_PREFIX)) {
            return;
        }
        try {
            DestinationSignal signal = signals.get(Integer.parseInt(
                    channel.substring(LogStore.CHANNEL_PREFIX.length())));
            if (signal != null) {
                signal.fire();
            }
        } catch (NumberFormatException e) {
            LOG.debug("Ignoring notification on channel {}", channel);
        }
    }

    private void pause() {
        try {
            TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        interruptWait();
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record PendingListen(int destinationId, CompletableFuture<Void> done) {
    }
}
