package dev.sluice.coordination.recipes;

import dev.sluice.coordination.CoordinationException;
import dev.sluice.coordination.Coordinator;
import dev.sluice.coordination.CreateMode;
import dev.sluice.coordination.EventType;
import dev.sluice.coordination.NoNodeException;
import dev.sluice.coordination.SessionState;
import dev.sluice.coordination.SessionStateListener;
import dev.sluice.coordination.Watcher;
import dev.sluice.coordination.internal.NodePath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election among the participants that start a latch on the same path: each creates an ephemeral
 * sequential node {@code <path>/latch-N}; the one with the lowest N leads; every other watches only its
 * predecessor (no herd effect when the leader goes) and takes over when that node is deleted.
 *
 * <p><b>No two leaders.</b> A leader stops leading before its node can be deleted by anyone else: on
 * {@link #close()} it gives up leadership, then deletes its node; when its session becomes
 * {@link SessionState#SUSPENDED} (heartbeats unconfirmed for two thirds of the timeout) it gives up leadership
 * at once, a third of the timeout before any participant may expire the session. Close the latch before its
 * coordinator. {@link #hasLeadership()} is false whenever the session is not {@link SessionState#CONNECTED}.
 * A process frozen for longer than that margin (a stop-the-world pause) is beyond any lease-based scheme; give
 * the leader's writes a fencing token (e.g. the latch node's sequence) where that matters.
 *
 * <p>Lifecycle LATENT → STARTED → CLOSED with compare-and-set transitions. Thread-safe; leadership changes are
 * guarded by {@code lock}.
 */
public final class LeaderLatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderLatch.class);
    private static final String PREFIX = "latch-";

    private final Coordinator coordinator;
    private final String latchPath;
    private final String participantId;
    private final AtomicReference<RecipeState> state = new AtomicReference<>(RecipeState.LATENT);
    private final List<LeaderLatchListener> listeners = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition leadershipChanged = lock.newCondition();
    private final SessionStateListener sessionListener = this::sessionStateChanged;
    private volatile String ourPath;
    private volatile boolean leader;

    /**
     * @param latchPath     the node under which the candidates queue (created if missing)
     * @param participantId this participant's id, stored as its node's data ({@link #leaderId()} reads it)
     */
    public LeaderLatch(Coordinator coordinator, String latchPath, String participantId) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.latchPath = NodePath.validate(latchPath);
        this.participantId = Objects.requireNonNull(participantId, "participantId");
    }

    public void addListener(LeaderLatchListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Joins the election. @throws IllegalStateException when already started or closed */
    public void start() {
        if (!state.compareAndSet(RecipeState.LATENT, RecipeState.STARTED)) {
            throw new IllegalStateException("Leader latch on '" + latchPath + "' for '" + participantId
                    + "' cannot start: it is " + state.get());
        }
        coordinator.addSessionStateListener(sessionListener);
        coordinator.ensurePath(latchPath);
        ourPath = coordinator.create(NodePath.child(latchPath, PREFIX),
                participantId.getBytes(StandardCharsets.UTF_8), CreateMode.EPHEMERAL_SEQUENTIAL);
        LOG.debug("Participant '{}' joined the election at '{}' as {}", participantId, latchPath, ourPath);
        checkLeadership();
    }

    /** Whether this participant leads now (false whenever its session is not CONNECTED). */
    public boolean hasLeadership() {
        return leader && state.get() == RecipeState.STARTED && coordinator.state() == SessionState.CONNECTED;
    }

    /** Waits up to {@code timeout} for leadership; returns whether this participant leads. */
    public boolean await(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (!hasLeadership() && state.get() == RecipeState.STARTED && remaining > 0) {
                remaining = leadershipChanged.awaitNanos(remaining);
            }
            return hasLeadership();
        } finally {
            lock.unlock();
        }
    }

    /** The id of the current leader (the participant with the lowest node), if any. */
    public Optional<String> leaderId() {
        for (String name : SequentialChildren.inOrder(coordinator.getChildren(latchPath), PREFIX)) {
            try {
                return Optional.of(coordinator.getData(NodePath.child(latchPath, name)).dataAsString());
            } catch (NoNodeException e) {
                // That candidate just left; the next one is the leader.
            }
        }
        return Optional.empty();
    }

    /** The path of this participant's node, once started. */
    public Optional<String> nodePath() {
        return Optional.ofNullable(ourPath);
    }

    public RecipeState state() {
        return state.get();
    }

    private void checkLeadership() {
        lock.lock();
        try {
            if (state.get() != RecipeState.STARTED || coordinator.state() != SessionState.CONNECTED) {
                setLeadership(false);
                return;
            }
            String ourName = NodePath.name(ourPath);
            List<String> candidates = SequentialChildren.inOrder(coordinator.getChildren(latchPath), PREFIX);
            int position = candidates.indexOf(ourName);
            if (position < 0) {
                LOG.warn("Participant '{}' lost its election node {} (session ended?)", participantId, ourPath);
                setLeadership(false);
                return;
            }
            if (position == 0) {
                setLeadership(true);
                return;
            }
            setLeadership(false);
            String predecessor = NodePath.child(latchPath, candidates.get(position - 1));
            Watcher onPredecessorChange = event -> {
                if (event.type() == EventType.NODE_DELETED) {
                    checkLeadershipLogged();
                }
            };
            if (coordinator.exists(predecessor, onPredecessorChange).isEmpty()) {
                coordinator.removeWatches(predecessor, onPredecessorChange);
                checkLeadership();
            }
        } finally {
            lock.unlock();
        }
    }

    private void checkLeadershipLogged() {
        try {
            checkLeadership();
        } catch (CoordinationException e) {
            if (!coordinator.outageLog().failed("Participant '" + participantId + "' checking its leadership", e)) {
                LOG.warn("Participant '{}' could not check its leadership at '{}'", participantId, latchPath, e);
            }
        }
    }

    private void sessionStateChanged(SessionState newState) {
        if (newState == SessionState.CONNECTED) {
            checkLeadershipLogged();
        } else {
            lock.lock();
            try {
                setLeadership(false);
            } finally {
                lock.unlock();
            }
        }
    }

    /** Must hold {@code lock}. */
    private void setLeadership(boolean newLeader) {
        if (leader == newLeader) {
            return;
        }
        leader = newLeader;
        LOG.info("Participant '{}' {} leadership of '{}'", participantId, newLeader ? "gained" : "lost", latchPath);
        for (LeaderLatchListener listener : listeners) {
            try {
                if (newLeader) {
                    listener.isLeader();
                } else {
                    listener.notLeader();
                }
            } catch (RuntimeException e) {
                LOG.error("Leader latch listener of '{}' threw", participantId, e);
            }
        }
        leadershipChanged.signalAll();
    }

    /** Leaves the election: gives up leadership first, then deletes this participant's node. Idempotent. */
    @Override
    public void close() {
        RecipeState previous = state.getAndSet(RecipeState.CLOSED);
        if (previous != RecipeState.STARTED) {
            return;
        }
        lock.lock();
        try {
            setLeadership(false);
            leadershipChanged.signalAll();
        } finally {
            lock.unlock();
        }
        coordinator.removeSessionStateListener(sessionListener);
        String path = ourPath;
        if (path != null && !coordinator.state().isFinal()) {
            try {
                coordinator.delete(path, Coordinator.ANY_VERSION);
            } catch (NoNodeException e) {
                LOG.debug("Election node {} was already gone", path);
            }
        }
    }

    @Override
    public String toString() {
        return "LeaderLatch[" + latchPath + ", " + participantId + ", " + state.get() + (leader ? ", leader" : "")
                + "]";
    }
}
