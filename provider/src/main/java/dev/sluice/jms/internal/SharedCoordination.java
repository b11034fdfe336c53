package dev.sluice.jms.internal;

import dev.sluice.coordination.Coordinator;
import dev.sluice.coordination.CoordinatorConfig;
import dev.sluice.coordination.SessionState;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one coordination client of a {@link Backend} (JVM, database and login), shared by its connections as a
 * Curator client is: one session row, one heartbeat and one LISTEN connection however many connections an
 * application opens (a JmsTemplate may open one per request). Each connection's client ID and consumer claims are
 * ephemeral nodes of this session, deleted when the connection closes; if the process dies the session expires and
 * everything goes at once.
 *
 * <p>Opened on first need. If the session expired (the database was unreachable for longer than its timeout), the
 * connections that used it are told and a new one is opened for whoever asks next. Thread-safe (guarded by this
 * object's monitor).
 */
final class SharedCoordination implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedCoordination.class);

    private final Backend backend;
    private final long timeoutMs;
    private Coordinator coordinator;
    /** The connections to tell if the current coordinator's session expires. */
    private Set<Runnable> currentWatchers = new CopyOnWriteArraySet<>();

    SharedCoordination(Backend backend, long timeoutMs) {
        this.backend = backend;
        this.timeoutMs = timeoutMs;
    }

    /** The live coordinator; {@code onExpiry} runs once if its session expires. */
    synchronized Coordinator coordinator(Runnable onExpiry) {
        if (coordinator == null || coordinator.state().isFinal()) {
            Coordinator opened = Coordinator.open(backend.database(), CoordinatorConfig.builder()
                    .sessionTimeout(Duration.ofMillis(timeoutMs)).name("sluice-client").build());
            Set<Runnable> watchers = new CopyOnWriteArraySet<>();
            opened.addSessionExpiryListener(this::releaseOwnedBy);
            opened.addSessionStateListener(state -> {
                if (state == SessionState.EXPIRED) {
                    watchers.forEach(Runnable::run);
                }
            });
            coordinator = opened;
            currentWatchers = watchers;
        }
        currentWatchers.add(onExpiry);
        return coordinator;
    }

    /** A connection closed: it no longer wants to hear of expiry. */
    synchronized void forget(Runnable onExpiry) {
        currentWatchers.remove(onExpiry);
    }

    /**
     * Whoever notices that a session expired removes what it owned: the temporary destinations and non-durable
     * subscriptions of its connections (ephemeral nodes go by themselves).
     */
    private void releaseOwnedBy(Set<Long> expiredSessions) {
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

    @Override
    public synchronized void close() {
        if (coordinator != null) {
            coordinator.close();
            coordinator = null;
        }
    }
}
