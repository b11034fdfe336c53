package dev.sluice.coordination;

import dev.sluice.coordination.internal.ChangeNotification;
import dev.sluice.coordination.internal.EventDispatcher;
import dev.sluice.coordination.internal.ExpirySweeper;
import dev.sluice.coordination.internal.HeartbeatConnection;
import dev.sluice.coordination.internal.HeartbeatSender;
import dev.sluice.coordination.internal.NodePath;
import dev.sluice.coordination.internal.NodeStore;
import dev.sluice.coordination.internal.NotificationListener;
import dev.sluice.coordination.internal.SessionStore;
import dev.sluice.coordination.internal.SqlExecutor;
import dev.sluice.coordination.internal.WatchRegistry;
import dev.sluice.db.Database;
import dev.sluice.db.OutageLog;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the coordination service bound to one session: ZooKeeper's data model (a tree of nodes with data,
 * versions and ephemeral owners; watches; atomic multi) on PostgreSQL tables ({@code sluice.coord_node},
 * {@code sluice.coord_session}).
 *
 * <p><b>Session.</b> {@link #open} inserts a session row and starts a heartbeat thread that keeps it alive. The
 * session ends when {@link #close()} is called (its ephemeral nodes are deleted at once) or when heartbeats stop
 * for the session timeout: then whichever participant sweeps first (every coordinator sweeps, see
 * {@link SessionRegistry}) deletes it with its ephemeral nodes, by the database clock. The client learns it through
 * {@link SessionStateListener}s: {@link SessionState#SUSPENDED} when heartbeats go unconfirmed for two thirds of the
 * timeout (stop acting as a lock holder or leader), {@link SessionState#EXPIRED} when the session is gone. An
 * expired coordinator stays expired: every later operation throws {@link SessionExpiredException}; open a new one.
 *
 * <p><b>Watches.</b> {@code getData}, {@code exists} and {@code getChildren} with a {@link Watcher} set one-shot
 * watches; {@link #addWatch} sets persistent ones. Changes are delivered through PostgreSQL LISTEN/NOTIFY on one
 * dedicated connection; a watch fires exactly for the changes its read did not already see, once for a one-shot
 * watch, and all events (and session listener calls) arrive on one event thread, in commit order.
 *
 * <p><b>Versions.</b> {@code setData} and {@code delete} take the version the caller expects (from a {@link Stat});
 * {@code -1} means any. A mismatch throws {@link BadVersionException}: compare-and-set.
 *
 * <p><b>Connections.</b> Operations and sweeps borrow connections from the pool of the {@link Database} (or
 * {@link Jdbi}) given, for one short statement or transaction each. Heartbeats and watches use one dedicated
 * connection each, opened again when it breaks, so that a busy or recovering pool never delays a heartbeat.
 *
 * <p><b>Outages.</b> A restart or failover of the database stops every heartbeat at once; it expires nobody: the
 * first participant to reach the restarted (or promoted) server gives every session a full timeout from then on, as
 * ZooKeeper does when a new leader takes over. Meanwhile sessions are {@link SessionState#SUSPENDED}. Threads (all daemons, named
 * {@code sluice-coordination-<job> | session <id> <name>}): heartbeat, sweeper, listener, events.
 *
 * <p><b>Scale.</b> Every node change is announced on one NOTIFY channel; a coordinator listens to it from its
 * first watch on and filters for its own watches, so coordinators without watches are never woken by others'
 * writes. This suits coordination traffic (membership, locks, configuration), not bulk data.
 *
 * <p>Thread-safe: any thread may call any method. Watchers and listeners must not block the event thread.
 */
public final class Coordinator implements AutoCloseable {

    /** The expected version that matches any version. */
    public static final int ANY_VERSION = -1;

    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final long sessionId;
    private final CoordinatorConfig config;
    private final String identity;
    private final SqlExecutor sql;
    private final NodeStore nodes = new NodeStore();
    private final SessionStore sessions = new SessionStore();
    private final SessionRegistry registry;
    private final AtomicReference<SessionState> state = new AtomicReference<>(SessionState.CONNECTED);
    private final EventDispatcher events;
    private final WatchRegistry watches;
    private final NotificationListener listener;
    private final HeartbeatSender heartbeats;
    private final HeartbeatConnection heartbeatConnection;
    private final ExpirySweeper sweeper;
    private final List<SessionStateListener> stateListeners = new CopyOnWriteArrayList<>();
    private final List<SessionExpiryListener> expiryListeners = new CopyOnWriteArrayList<>();
    private final OutageLog outages;

    private Coordinator(Jdbi jdbi, ListenConnectionSource listenConnections, CoordinatorConfig config,
                        OutageLog outages) {
        this.config = config;
        this.outages = outages;
        this.sql = new SqlExecutor(jdbi);
        this.registry = new SessionRegistry(jdbi);
        String owner = (config.name().isEmpty() ? "" : config.name() + " ")
                + ManagementFactory.getRuntimeMXBean().getName();
        long openedAt = System.nanoTime();
        this.sessionId = sql.autoCommit("opening a coordination session",
                handle -> sessions.open(handle, config.sessionTimeout().toMillis(), owner));
        this.identity = "Coordination session " + sessionId + (config.name().isEmpty() ? "" : " '" + config.name() + "'");
        String threadSuffix = " | session " + sessionId + (config.name().isEmpty() ? "" : " " + config.name());
        this.events = new EventDispatcher("sluice-coordination-events" + threadSuffix, identity);
        this.watches = new WatchRegistry(delivery -> events.submit(delivery.description(), delivery.callback()));
        this.listener = new NotificationListener("sluice-coordination-listener" + threadSuffix, identity,
                sessionId, listenConnections, new ListenerHandler(), outages);
        this.heartbeatConnection = new HeartbeatConnection(listenConnections, config.sessionTimeout());
        this.heartbeats = new HeartbeatSender("sluice-coordination-heartbeat" + threadSuffix, identity,
                config.sessionTimeout(), this::sendHeartbeat, new HeartbeatHandler(), outages);
        this.sweeper = new ExpirySweeper("sluice-coordination-sweeper" + threadSuffix, identity,
                config.expiryCheckInterval(), registry::expireDeadSessions,
                () -> sql.autoCommit("finding the next session expiry", sessions::millisUntilNextExpiry), outages);
        try {
            listener.start();
        } catch (RuntimeException e) {
            events.shutdownWhenDone();
            endSessionQuietly();
            throw e;
        }
        heartbeats.start(openedAt);
        sweepOnce();
        sweeper.start();
        LOG.info("{} opened (timeout {} ms, owner '{}')", identity, config.sessionTimeout().toMillis(), owner);
    }

    /**
     * Expires overdue sessions before the first operation, so that a client restarted after a crash finds the
     * ephemeral nodes of its dead session gone as soon as that session is due, without waiting for a sweep.
     */
    private void sweepOnce() {
        try {
            registry.expireDeadSessions();
        } catch (CoordinationException e) {
            if (!outages.failed(identity + " first sweep of expired sessions", e)) {
                LOG.warn("{} could not sweep expired sessions at start; its sweeper will retry", identity, e);
            }
        }
    }

    /** Opens a session on {@code database}, listening for changes on a dedicated connection of it. */
    public static Coordinator open(Database database, CoordinatorConfig config) {
        Objects.requireNonNull(database, "database");
        return new Coordinator(database.jdbi(), database::openDedicatedConnection, config, database.outageLog());
    }

    /** Opens a session with the given timeout and default settings otherwise. */
    public static Coordinator open(Database database, Duration sessionTimeout) {
        return open(database, CoordinatorConfig.withSessionTimeout(sessionTimeout));
    }

    /**
     * Opens a session through {@code jdbi} (whose schema must be migrated), listening for changes on connections
     * from {@code listenConnections}.
     */
    public static Coordinator open(Jdbi jdbi, ListenConnectionSource listenConnections, CoordinatorConfig config) {
        return new Coordinator(Objects.requireNonNull(jdbi, "jdbi"),
                Objects.requireNonNull(listenConnections, "listenConnections"),
                Objects.requireNonNull(config, "config"), new OutageLog("the coordination database"));
    }

    /** Where this coordinator's loops, and its recipes', report an outage of the database (once per outage). */
    public OutageLog outageLog() {
        return outages;
    }

    /** The id of this coordinator's session: the {@code session_id} of its row in {@value SessionRegistry#TABLE}. */
    public long sessionId() {
        return sessionId;
    }

    public Duration sessionTimeout() {
        return config.sessionTimeout();
    }

    public CoordinatorConfig config() {
        return config;
    }

    public SessionState state() {
        return state.get();
    }

    // ------------------------------------------------------------------ nodes

    /**
     * Creates a node and returns its path: for a sequential mode, {@code path} is a prefix to which the parent's
     * next sequence number is appended (zero-padded to 10 digits), and the returned path is the node's actual one.
     *
     * @throws NodeExistsException        a node with that path exists
     * @throws NoNodeException            the parent does not exist
     * @throws NoChildrenForEphemeralsException the parent is ephemeral
     * @throws InvalidPathException       the path is malformed
     */
    public String create(String path, byte[] data, CreateMode mode) {
        Objects.requireNonNull(mode, "mode");
        ensureUsable();
        byte[] bytes = data == null ? new byte[0] : data;
        return sql.autoCommit("create '" + path + "'",
                handle -> nodes.create(handle, sessionId, path, bytes, mode)).path();
    }

    /** Creates {@code path} and any missing ancestors as empty persistent nodes; does nothing if it exists. */
    public void ensurePath(String path) {
        NodePath.validate(path);
        if (NodePath.ROOT.equals(path)) {
            return;
        }
        List<String> missing = new ArrayList<>();
        for (String current = path; !NodePath.ROOT.equals(current); current = NodePath.parent(current)) {
            if (exists(current).isPresent()) {
                break;
            }
            missing.add(0, current);
        }
        for (String node : missing) {
            try {
                create(node, new byte[0], CreateMode.PERSISTENT);
            } catch (NodeExistsException e) {
                LOG.debug("{} found '{}' created concurrently", identity, node);
            }
        }
    }

    /** Reads a node's data and stat. @throws NoNodeException when it does not exist */
    public Node getData(String path) {
        ensureUsable();
        Node node = sql.autoCommit("get data of '" + path + "'", handle -> nodes.get(handle, path)).node();
        if (node == null) {
            throw new NoNodeException(path);
        }
        return node;
    }

    /**
     * Reads a node and sets a one-shot watch that fires on its next data change or its deletion. No watch is set
     * when the node does not exist.
     *
     * @throws NoNodeException when it does not exist
     */
    public Node getData(String path, Watcher watcher) {
        Objects.requireNonNull(watcher, "watcher");
        NodePath.validate(path);
        ensureUsable();
        listenToNodeChanges();
        WatchRegistry.Registration registration = watches.register(path, WatchRegistry.Kind.DATA, watcher);
        try {
            NodeStore.NodeRead read = sql.autoCommit("get data of '" + path + "'", handle -> nodes.get(handle, path));
            if (read.node() == null) {
                watches.cancel(registration);
                throw new NoNodeException(path);
            }
            watches.arm(registration, read.snapshot(), state.get());
            return read.node();
        } catch (RuntimeException e) {
            watches.cancel(registration);
            throw e;
        }
    }

    /** The node's stat, or empty when it does not exist. */
    public Optional<Stat> exists(String path) {
        ensureUsable();
        Node node = sql.autoCommit("check existence of '" + path + "'", handle -> nodes.get(handle, path)).node();
        return Optional.ofNullable(node).map(Node::stat);
    }

    /**
     * The node's stat, or empty when it does not exist; sets a one-shot watch either way: it fires on the node's
     * creation (if absent), or its next data change or deletion (if present).
     */
    public Optional<Stat> exists(String path, Watcher watcher) {
        Objects.requireNonNull(watcher, "watcher");
        NodePath.validate(path);
        ensureUsable();
        listenToNodeChanges();
        WatchRegistry.Registration registration = watches.register(path, WatchRegistry.Kind.DATA, watcher);
        try {
            NodeStore.NodeRead read = sql.autoCommit("check existence of '" + path + "'",
                    handle -> nodes.get(handle, path));
            watches.arm(registration, read.snapshot(), state.get());
            return Optional.ofNullable(read.node()).map(Node::stat);
        } catch (RuntimeException e) {
            watches.cancel(registration);
            throw e;
        }
    }

    /**
     * Replaces a node's data if its version is {@code expectedVersion} ({@link #ANY_VERSION}: whatever it is) and
     * returns the new stat (version incremented).
     *
     * @throws NoNodeException     the node does not exist
     * @throws BadVersionException the node has another version
     */
    public Stat setData(String path, byte[] data, int expectedVersion) {
        ensureUsable();
        byte[] bytes = data == null ? new byte[0] : data;
        return sql.autoCommit("set data of '" + path + "'",
                handle -> nodes.setData(handle, sessionId, path, bytes, expectedVersion));
    }

    /**
     * Deletes a node if its version is {@code expectedVersion} ({@link #ANY_VERSION}: whatever it is).
     *
     * @throws NoNodeException     the node does not exist
     * @throws BadVersionException the node has another version
     * @throws NotEmptyException   the node has children
     */
    public void delete(String path, int expectedVersion) {
        ensureUsable();
        sql.transaction("delete '" + path + "'", handle -> {
            nodes.delete(handle, sessionId, path, expectedVersion);
            return null;
        });
    }

    /** The names of a node's children, sorted. @throws NoNodeException when the node does not exist */
    public List<String> getChildren(String path) {
        ensureUsable();
        NodeStore.ChildrenRead read = sql.autoCommit("get children of '" + path + "'",
                handle -> nodes.getChildren(handle, path));
        if (read.stat() == null) {
            throw new NoNodeException(path);
        }
        return read.children();
    }

    /**
     * The names of a node's children, sorted, with a one-shot watch that fires when a child is created or deleted
     * or the node itself is deleted. No watch is set when the node does not exist.
     *
     * @throws NoNodeException when the node does not exist
     */
    public List<String> getChildren(String path, Watcher watcher) {
        Objects.requireNonNull(watcher, "watcher");
        NodePath.validate(path);
        ensureUsable();
        listenToNodeChanges();
        WatchRegistry.Registration registration = watches.register(path, WatchRegistry.Kind.CHILDREN, watcher);
        try {
            NodeStore.ChildrenRead read = sql.autoCommit("get children of '" + path + "'",
                    handle -> nodes.getChildren(handle, path));
            if (read.stat() == null) {
                watches.cancel(registration);
                throw new NoNodeException(path);
            }
            watches.arm(registration, read.snapshot(), state.get());
            return read.children();
        } catch (RuntimeException e) {
            watches.cancel(registration);
            throw e;
        }
    }

    /**
     * Applies {@code ops} in one transaction, in order: all of them or, when one fails, none (its exception is
     * thrown). Other clients never see part of a multi.
     */
    public List<OpResult> multi(List<? extends Op> ops) {
        Objects.requireNonNull(ops, "ops");
        ensureUsable();
        List<Op> operations = List.copyOf(ops);
        return sql.transaction("multi of " + operations.size() + " operation(s)", handle -> {
            List<OpResult> results = new ArrayList<>(operations.size());
            for (Op op : operations) {
                results.add(apply(handle, op));
            }
            return List.copyOf(results);
        });
    }

    /** {@link #multi(List)} with the operations as arguments. */
    public List<OpResult> multi(Op... ops) {
        return multi(Arrays.asList(ops));
    }

    private OpResult apply(org.jdbi.v3.core.Handle handle, Op op) {
        if (op instanceof Op.Create create) {
            NodeStore.Created created = nodes.create(handle, sessionId, create.path(), create.data(), create.mode());
            return new OpResult.Created(created.path(), created.stat());
        }
        if (op instanceof Op.Delete delete) {
            nodes.delete(handle, sessionId, delete.path(), delete.expectedVersion());
            return new OpResult.Deleted(delete.path());
        }
        if (op instanceof Op.SetData setData) {
            Stat stat = nodes.setData(handle, sessionId, setData.path(), setData.data(), setData.expectedVersion());
            return new OpResult.DataSet(setData.path(), stat);
        }
        Op.Check check = (Op.Check) op;
        nodes.check(handle, check.path(), check.expectedVersion());
        return new OpResult.Checked(check.path());
    }

    // ------------------------------------------------------------------ watches and listeners

    /**
     * Adds a persistent watch on {@code path} (which need not exist); it stays until
     * {@link #removeWatches removed} or the session ends. See {@link AddWatchMode} for what fires it.
     */
    public void addWatch(String path, AddWatchMode mode, Watcher watcher) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(watcher, "watcher");
        NodePath.validate(path);
        ensureUsable();
        WatchRegistry.Kind kind = mode == AddWatchMode.PERSISTENT
                ? WatchRegistry.Kind.PERSISTENT : WatchRegistry.Kind.PERSISTENT_RECURSIVE;
        listenToNodeChanges();
        WatchRegistry.Registration registration = watches.register(path, kind, watcher);
        try {
            watches.arm(registration, sql.autoCommit("add a watch on '" + path + "'", nodes::snapshot), state.get());
        } catch (RuntimeException e) {
            watches.cancel(registration);
            throw e;
        }
    }

    /** Removes every watch (one-shot or persistent) of {@code watcher} on {@code path}; returns whether any was. */
    public boolean removeWatches(String path, Watcher watcher) {
        return watches.removeWatches(path, watcher);
    }

    public void addSessionStateListener(SessionStateListener stateListener) {
        stateListeners.add(Objects.requireNonNull(stateListener, "stateListener"));
    }

    public void removeSessionStateListener(SessionStateListener stateListener) {
        stateListeners.remove(stateListener);
    }

    /** Registers a listener told of every session expiry (by any participant) while this coordinator lives. */
    public void addSessionExpiryListener(SessionExpiryListener expiryListener) {
        expiryListeners.add(Objects.requireNonNull(expiryListener, "expiryListener"));
    }

    public void removeSessionExpiryListener(SessionExpiryListener expiryListener) {
        expiryListeners.remove(expiryListener);
    }

    // ------------------------------------------------------------------ sessions

    /**
     * Expires every session of any participant that is past its expiry, with its ephemeral nodes, and returns the
     * ids expired by this call. Each live coordinator also does this by itself, from a background thread.
     */
    public Set<Long> expireDeadSessions() {
        return registry.expireDeadSessions();
    }

    /** The sessions table, for checking other sessions. */
    public SessionRegistry sessions() {
        return registry;
    }

    /**
     * <b>For tests of failure handling.</b> Stops sending heartbeats and sweeping for expired sessions without
     * closing, as if this process had lost the database or stalled: the session becomes
     * {@link SessionState#SUSPENDED} after two thirds of its timeout and is expired by other participants after
     * the timeout; this coordinator still hears of it ({@link SessionState#EXPIRED}).
     */
    public void stopHeartbeatsForTesting() {
        heartbeats.pause();
        sweeper.pause();
    }

    /**
     * Ends the session: deletes its ephemeral nodes and its row at once, ends every watch with a
     * {@link EventType#NONE} event, tells the state listeners {@link SessionState#CLOSED}, and stops the threads.
     * Idempotent. If the database is unreachable the session expires after its timeout instead.
     */
    @Override
    public void close() {
        SessionState previous = state.getAndUpdate(current -> current.isFinal() ? current : SessionState.CLOSED);
        if (previous.isFinal()) {
            return;
        }
        heartbeats.stop(STOP_WAIT);
        heartbeatConnection.close();
        sweeper.stop(STOP_WAIT);
        listener.requestStop();
        endSessionQuietly();
        listener.stop(STOP_WAIT);
        finish(SessionState.CLOSED);
        events.shutdown(STOP_WAIT);
        LOG.info("{} closed", identity);
    }

    private void endSessionQuietly() {
        try {
            sql.transaction("closing coordination session " + sessionId,
                    handle -> sessions.end(handle, sessionId, SessionStore.Ending.CLOSED));
        } catch (CoordinationException e) {
            if (outages.failed(identity + " closing", e) || Thread.currentThread().isInterrupted()) {
                LOG.warn("{} could not delete its session row (the database is unreachable, or the close was cut"
                        + " short); it will expire after {} ms", identity, config.sessionTimeout().toMillis());
            } else {
                LOG.warn("{} could not delete its session row; it will expire after {} ms", identity,
                        config.sessionTimeout().toMillis(), e);
            }
        }
    }

    /** Tells watches and state listeners that the session ended in {@code finalState}. */
    private void finish(SessionState finalState) {
        watches.endAll(finalState);
        fireStateChanged(finalState);
    }

    private void expired() {
        SessionState previous = state.getAndUpdate(current -> current.isFinal() ? current : SessionState.EXPIRED);
        if (previous.isFinal()) {
            return;
        }
        LOG.warn("{} has expired; its ephemeral nodes are gone", identity);
        heartbeats.stop(STOP_WAIT);
        heartbeatConnection.close();
        sweeper.stop(STOP_WAIT);
        listener.stop(STOP_WAIT);
        finish(SessionState.EXPIRED);
        events.shutdownWhenDone();
    }

    private void fireStateChanged(SessionState newState) {
        for (SessionStateListener stateListener : stateListeners) {
            watches.enqueue("session state listener (" + newState + ")", () -> stateListener.stateChanged(newState));
        }
    }

    /** Makes sure this coordinator receives node changes before a watch is set (a no-op after the first time). */
    private void listenToNodeChanges() {
        listener.listenToNodeChanges(() -> sql.autoCommit("waking the notification listener",
                handle -> {
                    sessions.wake(handle, sessionId);
                    return null;
                }), STOP_WAIT.multipliedBy(2));
    }

    private boolean sendHeartbeat() {
        return heartbeatConnection.run("heartbeat of session " + sessionId,
                handle -> sessions.heartbeat(handle, sessionId));
    }

    private void ensureUsable() {
        SessionState current = state.get();
        if (current == SessionState.EXPIRED) {
            throw new SessionExpiredException(sessionId);
        }
        if (current == SessionState.CLOSED) {
            throw new CoordinatorClosedException(sessionId);
        }
    }

    @Override
    public String toString() {
        return "Coordinator[session " + sessionId + (config.name().isEmpty() ? "" : ", " + config.name()) + ", "
                + state.get() + "]";
    }

    /** Reacts to the listener thread's reports. */
    private final class ListenerHandler implements NotificationListener.Handler {

        @Override
        public void notificationsReceived(List<ChangeNotification> notifications) {
            boolean ownSessionExpired = false;
            for (ChangeNotification notification : notifications) {
                switch (notification.kind()) {
                    case SESSIONS_EXPIRED -> {
                        Set<Long> ids = notification.sessionIds();
                        ownSessionExpired |= ids.contains(sessionId);
                        for (SessionExpiryListener expiryListener : expiryListeners) {
                            watches.enqueue("session expiry listener " + ids,
                                    () -> expiryListener.sessionsExpired(ids));
                        }
                    }
                    case SESSION_CLOSED, WAKE -> {
                        // Only wake this coordinator's listener; nothing to deliver.
                    }
                    default -> watches.onChange(notification, state.get());
                }
            }
            if (ownSessionExpired) {
                expired();
            }
        }

        @Override
        public void connectionLost(Exception cause) {
            LOG.debug("{} notification connection lost", identity, cause);
        }

        @Override
        public void connectionRestored() {
            watches.resetAfterReconnect(state.get());
        }
    }

    /** Reacts to the heartbeat thread's reports. */
    private final class HeartbeatHandler implements HeartbeatSender.Handler {

        @Override
        public void sessionExpired() {
            // The row may still be there, overdue: delete it (and the ephemeral nodes) now rather than wait for
            // a sweep, so that what this client believes matches the tables.
            try {
                registry.expireDeadSessions();
            } catch (CoordinationException e) {
                LOG.warn("{} could not sweep its own expired session; another participant will", identity, e);
            }
            expired();
        }

        @Override
        public void sessionSuspended() {
            if (state.compareAndSet(SessionState.CONNECTED, SessionState.SUSPENDED)) {
                fireStateChanged(SessionState.SUSPENDED);
            }
        }

        @Override
        public void sessionConfirmed() {
            if (state.compareAndSet(SessionState.SUSPENDED, SessionState.CONNECTED)) {
                fireStateChanged(SessionState.CONNECTED);
            }
        }
    }
}
