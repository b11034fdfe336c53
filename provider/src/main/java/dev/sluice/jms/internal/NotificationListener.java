package dev.sluice.jms.internal;

import dev.sluice.db.Database;
import dev.sluice.db.log.LogStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One LISTEN connection per JVM and database: receives the notifications appends send
 * ({@code sluice_log_<destination id>}) and wakes the consumers of that destination through its
 * {@link DestinationSignal}. The thread blocks in the driver waiting for notifications (no query polling); new
 * LISTENs are issued by the same thread between waits, since a JDBC connection is not shared between threads.
 * When the connection breaks it reconnects and wakes every waiter, which then look for records themselves.
 * Thread-safe.
 */
final class NotificationListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationListener.class);
    private static final int WAIT_MS = 200;

    private final Database database;
    private final Map<Integer, DestinationSignal> signals = new ConcurrentHashMap<>();
    private final Queue<PendingListen> pendingListens = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    NotificationListener(Database database) {
        this.database = database;
        this.thread = new Thread(this::run, "sluice-notifications | " + database.jdbcUrl());
        thread.setDaemon(true);
        thread.start();
    }

    /** The signal of a destination, listening for it first if this is the first request. */
    DestinationSignal signal(int destinationId) {
        DestinationSignal existing = signals.get(destinationId);
        if (existing != null) {
            return existing;
        }
        PendingListen pending = new PendingListen(destinationId, new CompletableFuture<>());
        pendingListens.add(pending);
        try {
            pending.done.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("LISTEN for destination {} not confirmed; consumers fall back to periodic checks",
                    destinationId, e);
        }
        return signals.computeIfAbsent(destinationId, id -> new DestinationSignal());
    }

    private void run() {
        while (running) {
            try (Connection connection = database.openDedicatedConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    for (Integer destinationId : signals.keySet()) {
                        statement.execute("LISTEN " + LogStore.CHANNEL_PREFIX + destinationId);
                    }
                }
                signals.values().forEach(DestinationSignal::fire);
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PendingListen pending;
                    while ((pending = pendingListens.poll()) != null) {
                        try (Statement statement = connection.createStatement()) {
                            statement.execute("LISTEN " + LogStore.CHANNEL_PREFIX + pending.destinationId);
                        }
                        signals.computeIfAbsent(pending.destinationId, id -> new DestinationSignal());
                        pending.done.complete(null);
                    }
                    PGNotification[] notifications = pg.getNotifications(WAIT_MS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            dispatch(notification.getName(), notification.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.warn("Notification connection to {} failed; reconnecting", database.jdbcUrl(), e);
                    signals.values().forEach(DestinationSignal::fire);
                    pause();
                }
            } catch (RuntimeException e) {
                LOG.error("Notification listener hit an unexpected error; restarting it", e);
                pause();
            }
        }
    }

    private void dispatch(String channel, String payload) {
        if (!channel.startsWith(LogStore.CHANNEL_PREFIX)) {
            return;
        }
        try {
            DestinationSignal signal = signals.get(Integer.parseInt(channel.substring(LogStore.CHANNEL_PREFIX.length())));
            if (signal == null) {
                return;
            }
            if (payload == null || payload.isEmpty()) {
                signal.fire();
            } else {
                signal.fire(Integer.parseInt(payload));
            }
        } catch (NumberFormatException e) {
            LOG.debug("Ignoring notification on channel {} with payload {}", channel, payload);
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
