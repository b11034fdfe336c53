package dev.sluice.coordination.internal;

import dev.sluice.coordination.CoordinationUnavailableException;
import dev.sluice.coordination.ListenConnectionSource;
import dev.sluice.db.OutageLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one dedicated connection listening for coordination notifications and hands every received batch, parsed
 * and in commit order, to a {@link Handler}. From the start it listens to session expiries and to its session's
 * wake channel; to node changes only from the first {@link #listenToNodeChanges} on (a client without watches is
 * then never woken by other clients' writes). Its thread blocks in {@code PGConnection.getNotifications}
 * with a timeout (no busy poll); when idle for a while it checks the connection with a trivial query, because a
 * silently dropped TCP connection would otherwise go unnoticed. A broken connection is reported, re-opened with
 * growing back-off, and reported again once listening resumes.
 *
 * <p>Thread-safe: {@link #start()} and {@link #stop(Duration)} may be called from any thread; everything else runs
 * on the listener thread, which alone touches the connection.
 */
public final class NotificationListener {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationListener.class);
    private static final int WAIT_MILLIS = 2_000;
    private static final long VALIDATE_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    /** What the listener reports; called on the listener thread. */
    public interface Handler {
        void notificationsReceived(List<ChangeNotification> notifications);

        void connectionLost(Exception cause);

        void connectionRestored();
    }

    private final String threadName;
    private final String identity;
    private final ListenConnectionSource connections;
    private final Handler handler;
    private final String wakeChannel;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopped = lock.newCondition();
    private final Condition nodeChangesHeard = lock.newCondition();
    private final OutageLog outages;
    private volatile boolean running;
    private volatile Connection connection;
    /** Set by a caller that needs node changes; the listener thread then issues the LISTEN. */
    private volatile boolean nodeChangesWanted;
    /** Whether the current connection listens to node changes; written by the listener thread under lock. */
    private volatile boolean nodeChangesActive;
    private Thread thread;

    public NotificationListener(String threadName, String identity, long sessionId,
                                ListenConnectionSource connections, Handler handler, OutageLog outages) {
        this.threadName = threadName;
        this.identity = identity;
        this.wakeChannel = ChangeNotification.wakeChannel(sessionId);
        this.connections = connections;
        this.handler = handler;
        this.outages = outages;
    }

    /**
     * Makes sure node changes are received: returns at once if they are, else asks the listener thread (woken by
     * {@code wake}, which must send a notification on this session's wake channel) to LISTEN, and waits until it
     * has. Every change committed after this returns will be received.
     *
     * @throws CoordinationUnavailableException when the listener could not start listening within {@code timeout}
     */
    public void listenToNodeChanges(Runnable wake, Duration timeout) {
        if (nodeChangesActive) {
            return;
        }
        nodeChangesWanted = true;
        wake.run();
        lock.lock();
        try {
            long remaining = timeout.toNanos();
            while (!nodeChangesActive && running && remaining > 0) {
                remaining = nodeChangesHeard.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinationUnavailableException(identity + " was interrupted while starting to listen for "
                    + "node changes", e);
        } finally {
            lock.unlock();
        }
        if (!nodeChangesActive) {
            throw new CoordinationUnavailableException(identity + " could not listen for node changes within "
                    + timeout.toMillis() + " ms (is its notification connection down?)", null);
        }
    }

    /** Issues the LISTEN for node changes when asked to; on the listener thread. */
    private void listenToNodeChangesIfWanted() throws SQLException {
        if (!nodeChangesWanted || nodeChangesActive) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + ChangeNotification.CHANNEL);
        }
        lock.lock();
        try {
            nodeChangesActive = true;
            nodeChangesHeard.signalAll();
        } finally {
            lock.unlock();
        }
        LOG.debug("{} listens for node changes", identity);
    }

    /**
     * Opens the connection and issues LISTEN before returning, so that every change committed after this call is
     * received; then starts the listener thread.
     */
    public void start() {
        try {
            connection = listen();
        } catch (SQLException e) {
            throw new CoordinationUnavailableException(identity + " could not open its notification connection: "
                    + e.getMessage(), e);
        }
        running = true;
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private Connection listen() throws SQLException {
        Connection opened = connections.open();
        try (Statement statement = opened.createStatement()) {
            opened.setAutoCommit(true);
            statement.execute("LISTEN " + ChangeNotification.SESSIONS_CHANNEL);
            statement.execute("LISTEN " + wakeChannel);
            return opened;
        } catch (SQLException e) {
            closeQuietly(opened);
            throw e;
        }
    }

    private void run() {
        long lastActivity = System.nanoTime();
        while (running) {
            try {
                listenToNodeChangesIfWanted();
                PGNotification[] received = connection.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
                listenToNodeChangesIfWanted();
                if (received != null && received.length > 0) {
                    lastActivity = System.nanoTime();
                    handler.notificationsReceived(parse(received));
                } else if (running && System.nanoTime() - lastActivity > VALIDATE_AFTER_IDLE_NANOS) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SELECT 1");
                    }
                    lastActivity = System.nanoTime();
                }
            } catch (SQLException e) {
                if (!running) {
                    break;
                }
                if (!outages.failed(identity + " notification connection", e)) {
                    LOG.warn("{} lost its notification connection; watches may miss changes until it is back",
                            identity, e);
                }
                closeQuietly(connection);
                nodeChangesActive = false;
                handler.connectionLost(e);
                if (reconnect()) {
                    outages.reached();
                    LOG.info("{} is listening for changes again", identity);
                    handler.connectionRestored();
                    lastActivity = System.nanoTime();
                }
            } catch (RuntimeException e) {
                LOG.error("{} failed to handle change notifications; the listener goes on", identity, e);
            }
        }
        closeQuietly(connection);
        LOG.debug("{} notification listener stopped", identity);
    }

    private List<ChangeNotification> parse(PGNotification[] received) {
        List<ChangeNotification> notifications = new ArrayList<>(received.length);
        for (PGNotification notification : received) {
            ChangeNotification parsed = ChangeNotification.parse(notification.getParameter());
            if (parsed == null) {
                LOG.warn("{} ignored a notification on channel {} that is not a coordination change: '{}'",
                        identity, notification.getName(), notification.getParameter());
            } else {
                notifications.add(parsed);
            }
        }
        return notifications;
    }

    /** Re-opens the connection with back-off until it works or the listener stops; returns whether it works. */
    private boolean reconnect() {
        long backoff = 100;
        while (running) {
            if (awaitStop(backoff)) {
                return false;
            }
            try {
                connection = listen();
                return true;
            } catch (SQLException | RuntimeException e) {
                if (!outages.failed(identity + " notification connection", e)) {
                    LOG.warn("{} could not re-open its notification connection (next try in {} ms): {}", identity,
                            Math.min(backoff * 2, MAX_BACKOFF_MILLIS), e.toString());
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
        return false;
    }

    /** Waits up to {@code millis} unless stopped; returns whether the listener was stopped. */
    private boolean awaitStop(long millis) {
        lock.lock();
        try {
            long remaining = TimeUnit.MILLISECONDS.toNanos(millis);
            while (running && remaining > 0) {
                remaining = stopped.awaitNanos(remaining);
            }
            return !running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Asks the thread to stop without waiting; it notices at its next wake-up. Call it before the change whose
     * notification should wake it (the closing of the session).
     */
    public void requestStop() {
        running = false;
        lock.lock();
        try {
            stopped.signalAll();
            nodeChangesHeard.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the thread. It notices within its wait timeout at the latest, and at once when a notification
     * arrives (closing a session sends one); waits at most {@code wait} for it.
     */
    public void stop(Duration wait) {
        requestStop();
        Thread listenerThread = thread;
        if (listenerThread == null || listenerThread == Thread.currentThread()) {
            return;
        }
        try {
            listenerThread.join(wait.toMillis());
            if (listenerThread.isAlive()) {
                LOG.warn("{} notification listener did not stop within {} ms; closing its connection", identity,
                        wait.toMillis());
                closeQuietly(connection);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly(Connection toClose) {
        if (toClose == null) {
            return;
        }
        try {
            toClose.close();
        } catch (SQLException e) {
            LOG.debug("{} closing the notification connection failed", identity, e);
        }
    }
}
