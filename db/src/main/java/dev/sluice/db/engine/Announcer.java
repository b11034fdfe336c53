package dev.sluice.db.engine;

import dev.sluice.db.log.DestinationListeners;
import dev.sluice.db.log.LogStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the other JVMs that destinations have new records: {@code NOTIFY sluice_log_<destination id>} with this
 * engine's origin as payload, sent after the commit that appended them rather than inside it, and only for
 * destinations that someone else listens to ({@link DestinationListeners}; what it answered is cached for
 * {@link DestinationListeners#REFRESH_MS}, and a new listener's announcement updates the cache at once). PostgreSQL serialises
 * the commits of notifying transactions on one database-wide lock held through their WAL flush, so a NOTIFY inside
 * every append commit keeps concurrent commits from being flushed together; sent afterwards in a commit that does
 * not wait for the flush (the relaxed pool), it holds that lock for microseconds.
 *
 * <p>Destinations announced while a notification is in flight are coalesced into the next one. A notification lost
 * to a crash between the commit and its announcement delays other JVMs' consumers until their periodic check; this
 * JVM's own consumers are woken directly at commit and never wait for it. Thread-safe.
 */
final class Announcer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Announcer.class);

    private final Jdbi relaxed;
    private final String origin;
    private final Set<Integer> pending = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Known> listened = new ConcurrentHashMap<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final ExecutorService sender;

    Announcer(Jdbi relaxed, String origin, String owner) {
        this.relaxed = relaxed;
        this.origin = origin;
        this.sender = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sluice-announcer | " + owner);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Announces, soon, that {@code destinationId} has new committed records. */
    void announce(int destinationId) {
        pending.add(destinationId);
        if (sending.compareAndSet(false, true)) {
            try {
                sender.execute(this::drain);
            } catch (RejectedExecutionException closed) {
                sending.set(false);
            }
        }
    }

    private void drain() {
        while (true) {
            List<Integer> destinations = new ArrayList<>();
            for (Iterator<Integer> it = pending.iterator(); it.hasNext(); ) {
                destinations.add(it.next());
                it.remove();
            }
            if (destinations.isEmpty()) {
                sending.set(false);
                // an announce that found sending still true just before it was cleared left its destination here
                if (pending.isEmpty() || !sending.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            send(destinations);
        }
    }

    /** Another process registered as a listener of {@code destinationId}. */
    void listenedByOthers(int destinationId) {
        listened.put(destinationId, new Known(true, System.nanoTime()));
    }

    private void send(List<Integer> destinations) {
        long now = System.nanoTime();
        List<Integer> unknown = new ArrayList<>();
        boolean anyListened = false;
        for (Integer destination : destinations) {
            Known known = listened.get(destination);
            if (known == null || now - known.at > DestinationListeners.REFRESH_MS * 1_000_000L) {
                unknown.add(destination);
            } else {
                anyListened |= known.others;
            }
        }
        if (unknown.isEmpty() && !anyListened) {
            return;
        }
        try {
            relaxed.useHandle(handle -> {
                if (!unknown.isEmpty()) {
                    Set<Integer> others = new HashSet<>(DestinationListeners.listenedByOthers(handle, unknown, origin));
                    for (Integer destination : unknown) {
                        listened.merge(destination, new Known(others.contains(destination), now),
                                (old, fresh) -> old.others && old.at > now ? old : fresh);
                    }
                }
                List<Integer> notified = new ArrayList<>();
                for (Integer destination : destinations) {
                    if (listened.get(destination).others) {
                        notified.add(destination);
                    }
                }
                if (!notified.isEmpty()) {
                    handle.createQuery("select count(pg_notify(:prefix || d, :origin)) from unnest(:destinations) d")
                            .bind("prefix", LogStore.CHANNEL_PREFIX)
                            .bind("origin", origin)
                            .bind("destinations", notified.toArray(new Integer[0]))
                            .mapTo(Long.class)
                            .one();
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Could not notify other JVMs of new records in destinations {}; their consumers find them at"
                    + " their next periodic check", destinations, e);
        }
    }

    /** Whether others listen to a destination, as learnt at {@code at} (System.nanoTime). */
    private record Known(boolean others, long at) {
    }

    /** Sends what is pending (waiting up to 2 s) and stops. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(2, TimeUnit.SECONDS)) {
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            sender.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
