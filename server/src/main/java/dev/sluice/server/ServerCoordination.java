package dev.sluice.server;

import dev.sluice.coordination.CoordinationException;
import dev.sluice.coordination.Coordinator;
import dev.sluice.coordination.CoordinatorConfig;
import dev.sluice.coordination.NodeExistsException;
import dev.sluice.coordination.SessionState;
import dev.sluice.coordination.recipes.GroupMembership;
import dev.sluice.coordination.recipes.LeaderLatch;
import dev.sluice.coordination.recipes.LeaderLatchListener;
import dev.sluice.db.Database;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This server's place among the servers of one database: a coordination session, membership of the group
 * {@value #MEMBERS_PATH} (one ephemeral node per live server, holding its description), and a candidacy in the
 * leader election at {@value #LEADER_PATH} whose winner runs maintenance. The {@link LeaderLatchListener} given to
 * the constructor hears of leadership changes; the latch guarantees that a leader hears {@code notLeader} before
 * its session can expire and another server be elected.
 *
 * <p>If the session expires anyway (the database was unreachable for longer than the session timeout), this
 * server has lost its membership and candidacy; it joins again with a new session, retrying every second until it
 * succeeds or is closed.
 *
 * <p>Thread-safe: joining, leaving and rejoining are guarded by this object's monitor; the rejoin runs on the thread
 * {@code sluice-rejoin | server <id>}. The readers ({@link #leader()}, {@link #members()}, ...) take no monitor but
 * read the volatile fields, so that {@code /health} and {@code /metrics} never wait behind a join that waits for an
 * unreachable database.
 */
final class ServerCoordination implements AutoCloseable {

    static final String MEMBERS_PATH = "/sluice/servers";
    static final String LEADER_PATH = "/sluice/leader";

    private static final Logger LOG = LoggerFactory.getLogger(ServerCoordination.class);

    private final Database database;
    private final ServerConfig config;
    private final byte[] memberData;
    private final LeaderLatchListener leadership;
    private final ScheduledExecutorService rejoiner;
    private volatile Coordinator coordinator;
    private volatile GroupMembership membership;
    private volatile LeaderLatch latch;
    private volatile boolean closed;

    ServerCoordination(Database database, ServerConfig config, byte[] memberData, LeaderLatchListener leadership) {
        this.database = database;
        this.config = config;
        this.memberData = memberData.clone();
        this.leadership = leadership;
        this.rejoiner = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sluice-rejoin | server " + config.serverId());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Opens the session, joins the group and the election.
     *
     * @throws CommandFailedException when a live server already uses this server id
     */
    synchronized void join() {
        if (closed) {
            return;
        }
        Coordinator opened = Coordinator.open(database, CoordinatorConfig.builder()
                .sessionTimeout(config.sessionTimeout())
                .name("server " + config.serverId())
                .build());
        try {
            opened.addSessionStateListener(state -> {
                if (state == SessionState.EXPIRED) {
                    LOG.warn("Server '{}': coordination session expired; joining again", config.serverId());
                    rejoiner.execute(this::rejoin);
                }
            });
            GroupMembership joined = new GroupMembership(opened, MEMBERS_PATH, config.serverId(), memberData);
            try {
                joined.start();
            } catch (NodeExistsException e) {
                throw new CommandFailedException("Another live server on this database already has the id '"
                        + config.serverId() + "'; give this one another with --server-id", e);
            }
            LeaderLatch candidacy = new LeaderLatch(opened, LEADER_PATH, config.serverId());
            candidacy.addListener(leadership);
            coordinator = opened;
            membership = joined;
            latch = candidacy;
            candidacy.start();
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    private void rejoin() {
        synchronized (this) {
            if (closed) {
                return;
            }
            leave();
        }
        try {
            join();
            LOG.info("Server '{}' joined again with coordination session {}", config.serverId(),
                    coordinator.sessionId());
        } catch (RuntimeException e) {
            if (!database.outageLog().failed("Server '" + config.serverId() + "' joining the servers again", e)) {
                LOG.warn("Server '{}' could not join again ({}); retrying in 1 s", config.serverId(),
                        ErrorMessages.oneLine(e));
            }
            if (!rejoiner.isShutdown()) {
                rejoiner.schedule(this::rejoin, 1, TimeUnit.SECONDS);
            }
        }
    }

    /** Must hold the monitor. */
    private void leave() {
        try {
            if (latch != null) {
                latch.close();
            }
            if (membership != null) {
                membership.close();
            }
        } catch (CoordinationException e) {
            if (Thread.currentThread().isInterrupted()
                    || database.outageLog().failed("Server '" + config.serverId() + "' leaving", e)) {
                // The outage, or the server's stop that cut the leave short, is told elsewhere already.
                LOG.debug("Server '{}' left the election and group uncleanly", config.serverId(), e);
            } else {
                LOG.warn("Server '{}' could not leave the election and group cleanly: {}", config.serverId(),
                        ErrorMessages.oneLine(e));
            }
        } finally {
            if (coordinator != null) {
                coordinator.close();
            }
            latch = null;
            membership = null;
            coordinator = null;
        }
    }

    String serverId() {
        return config.serverId();
    }

    boolean leader() {
        LeaderLatch current = latch;
        return current != null && current.hasLeadership();
    }

    /** The id of the server that leads now, if any (asks the database). */
    Optional<String> leaderId() {
        LeaderLatch current = latch;
        return current == null ? Optional.empty() : current.leaderId();
    }

    /** The live servers: id → description (as last heard, without asking the database). */
    Map<String, byte[]> members() {
        GroupMembership current = membership;
        return current == null ? Map.of() : current.members();
    }

    /** This server's session id, or -1 while it has none. */
    long sessionId() {
        Coordinator current = coordinator;
        return current == null ? -1 : current.sessionId();
    }

    /** Expires dead sessions of any participant; returns how many. */
    long expireDeadSessions() {
        Coordinator current = coordinator;
        if (current == null) {
            return 0;
        }
        Set<Long> expired = current.expireDeadSessions();
        return expired.size();
    }

    /**
     * Leaves the election (giving up leadership first) and the group, and ends the session. Idempotent. A rejoin
     * in progress is interrupted first (it may be waiting for the database), so this does not wait behind it.
     */
    @Override
    public void close() {
        closed = true;
        rejoiner.shutdownNow();
        synchronized (this) {
            if (coordinator == null && latch == null && membership == null) {
                return;
            }
            leave();
        }
    }
}
