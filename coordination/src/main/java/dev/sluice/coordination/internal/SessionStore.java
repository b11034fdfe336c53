package dev.sluice.coordination.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL of sessions on {@code sluice.coord_session}: open, heartbeat, close, and the expiry sweep that any
 * participant may run. Ending a session (closed or expired) deletes its ephemeral nodes, updates their parents and
 * deletes the session row in one transaction, so the row exists exactly while the session is alive.
 *
 * <p>Expiry uses only the database clock ({@code clock_timestamp()}), so any number of JVMs agree on it. Heartbeats
 * and sweeps first look whether the server was restarted or promoted since the last look; the first to see it
 * restarts every session's timeout, so that an outage of the database itself, which stops all heartbeats at once,
 * expires nobody (as sessions survive a ZooKeeper leader change).
 * Concurrent sweepers take dead sessions with {@code FOR UPDATE SKIP LOCKED} and never wait for each other. A
 * create of an ephemeral node racing with the sweep of its session cannot leave an orphan: its foreign-key check
 * locks the session row ({@code FOR KEY SHARE}); if the sweep locked the row first, the create waits and then
 * fails (the row is gone); if the create locked it first, the sweep skips the session this time and deletes it,
 * with the new node, on its next pass.
 *
 * <p>Stateless and thread-safe.
 */
public final class SessionStore {

    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);
    private static final int SWEEP_BATCH = 100;

    private static final String LOCK_PARENTS_OF_EPHEMERALS = """
            SELECT path FROM sluice.coord_node
             WHERE path IN (SELECT parent_path FROM sluice.coord_node WHERE ephemeral_owner = ANY(:ids))
             ORDER BY path
               FOR NO KEY UPDATE
            """;

    private static final String DELETE_EPHEMERALS = """
            WITH deleted AS (
                DELETE FROM sluice.coord_node WHERE ephemeral_owner = ANY(:ids) RETURNING path, parent_path
            ), counts AS (
                SELECT parent_path, count(*) AS removed FROM deleted GROUP BY parent_path
            ), parents AS (
                UPDATE sluice.coord_node p
                   SET num_children = p.num_children - c.removed, child_version = p.child_version + c.removed
                  FROM counts c
                 WHERE p.path = c.parent_path
             RETURNING p.path
            )
            SELECT path, parent_path FROM deleted ORDER BY path
            """;

    private static final String NOTIFY = """
            SELECT count(pg_notify(n.channel, n.kind || ' ' || pg_current_xact_id() || ' ' || n.subject))
              FROM unnest(CAST(:channels AS text[]), CAST(:kinds AS text[]), CAST(:subjects AS text[]))
                   WITH ORDINALITY AS n(channel, kind, subject, position)
            """;

    /** Why a session ends. */
    public enum Ending {
        CLOSED,
        EXPIRED
    }

    /** Inserts a session row that expires {@code timeoutMillis} from now (database clock); returns its id. */
    public long open(Handle handle, long timeoutMillis, String owner) {
        return handle.createQuery("""
                        INSERT INTO sluice.coord_session (timeout_ms, owner, expires_at)
                        VALUES (:timeout, :owner, clock_timestamp() + :timeout * interval '1 millisecond')
                        RETURNING session_id
                        """)
                .bind("timeout", timeoutMillis)
                .bind("owner", owner)
                .mapTo(Long.class)
                .one();
    }

    /**
     * Pushes the session's expiry to a full timeout from now. Returns false when the session is already past its
     * expiry or gone: a late heartbeat never revives a session that some participant may already treat as dead.
     */
    public boolean heartbeat(Handle handle, long sessionId) {
        observe(handle);
        return handle.createUpdate("""
                        UPDATE sluice.coord_session
                           SET last_heartbeat_at = clock_timestamp(),
                               expires_at = clock_timestamp() + timeout_ms * interval '1 millisecond'
                         WHERE session_id = :id AND expires_at > clock_timestamp()
                        """)
                .bind("id", sessionId)
                .execute() == 1;
    }

    /**
     * Ends one session (the handle must be in a transaction): deletes its ephemeral nodes and its row. Returns
     * false when the session was already gone.
     */
    public boolean end(Handle handle, long sessionId, Ending ending) {
        List<Long> locked = handle.createQuery(
                        "SELECT session_id FROM sluice.coord_session WHERE session_id = :id FOR UPDATE")
                .bind("id", sessionId)
                .mapTo(Long.class)
                .list();
        if (locked.isEmpty()) {
            return false;
        }
        endLocked(handle, locked, ending);
        return true;
    }

    /**
     * Deletes up to one batch of sessions that are past their expiry (the handle must be in a transaction) and
     * returns their ids.
     */
    public Set<Long> expireBatch(Handle handle) {
        if (observe(handle)) {
            LOG.info("The database server was restarted or promoted since the last look: every coordination"
                    + " session gets a full timeout again instead of expiring");
            return Set.of();
        }
        List<Long> dead = handle.createQuery("""
                        SELECT session_id FROM sluice.coord_session
                         WHERE expires_at <= clock_timestamp()
                         ORDER BY session_id
                         LIMIT :batch
                           FOR UPDATE SKIP LOCKED
                        """)
                .bind("batch", SWEEP_BATCH)
                .mapTo(Long.class)
                .list();
        if (dead.isEmpty()) {
            return Set.of();
        }
        endLocked(handle, dead, Ending.EXPIRED);
        return new LinkedHashSet<>(dead);
    }

    /**
     * Looks at the database server's incarnation; true when this was the first look since it was restarted or
     * promoted, and every session's expiry was pushed to a full timeout from now.
     */
    public boolean observe(Handle handle) {
        return handle.createQuery("SELECT sluice.coord_observe()")
                .mapTo(Boolean.class)
                .one();
    }

    /** Asks the listener of {@code sessionId} to wake up and look at its requests. */
    public void wake(Handle handle, long sessionId) {
        handle.createQuery("SELECT pg_notify(:channel, :payload) IS NULL")
                .bind("channel", ChangeNotification.wakeChannel(sessionId))
                .bind("payload", ChangeNotification.Kind.WAKE.letter() + " 0 " + sessionId)
                .mapTo(Boolean.class)
                .one();
    }

    /** Whether a whole batch was taken, so that the caller sweeps again. */
    public static boolean wasFullBatch(Set<Long> expired) {
        return expired.size() >= SWEEP_BATCH;
    }

    private void endLocked(Handle handle, List<Long> sessionIds, Ending ending) {
        Long[] ids = sessionIds.toArray(Long[]::new);
        handle.createQuery(LOCK_PARENTS_OF_EPHEMERALS).bindArray("ids", Long.class, (Object[]) ids)
                .mapTo(String.class).list();
        List<String[]> deleted = handle.createQuery(DELETE_EPHEMERALS)
                .bindArray("ids", Long.class, (Object[]) ids)
                .map((rs, ctx) -> new String[] {rs.getString("path"), rs.getString("parent_path")})
                .list();
        List<String> channels = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<String> subjects = new ArrayList<>();
        for (String[] node : deleted) {
            channels.add(ChangeNotification.CHANNEL);
            kinds.add(String.valueOf(ChangeNotification.Kind.DELETED.letter()));
            subjects.add(node[0]);
            channels.add(ChangeNotification.CHANNEL);
            kinds.add(String.valueOf(ChangeNotification.Kind.CHILDREN_CHANGED.letter()));
            subjects.add(node[1]);
        }
        int rows = handle.createUpdate("DELETE FROM sluice.coord_session WHERE session_id = ANY(:ids)")
                .bindArray("ids", Long.class, (Object[]) ids)
                .execute();
        if (rows != ids.length) {
            throw new IllegalStateException("Expected to delete " + ids.length + " locked session rows "
                    + sessionIds + ", deleted " + rows);
        }
        String idList = sessionIds.stream().map(String::valueOf).collect(Collectors.joining(","));
        if (ending == Ending.EXPIRED) {
            channels.add(ChangeNotification.SESSIONS_CHANNEL);
            kinds.add(String.valueOf(ChangeNotification.Kind.SESSIONS_EXPIRED.letter()));
            subjects.add(idList);
        } else {
            for (Long id : sessionIds) {
                channels.add(ChangeNotification.wakeChannel(id));
                kinds.add(String.valueOf(ChangeNotification.Kind.SESSION_CLOSED.letter()));
                subjects.add(String.valueOf(id));
            }
        }
        handle.createQuery(NOTIFY)
                .bindArray("channels", String.class, channels.toArray())
                .bindArray("kinds", String.class, kinds.toArray())
                .bindArray("subjects", String.class, subjects.toArray())
                .mapTo(Long.class)
                .one();
        LOG.debug("Ended sessions {} ({}), deleting {} ephemeral node(s)", idList, ending, deleted.size());
    }

    /**
     * Milliseconds (database clock) until the earliest expiry of any session; negative when one is overdue;
     * empty when there is no session.
     */
    public OptionalLong millisUntilNextExpiry(Handle handle) {
        Long millis = handle.createQuery("""
                        SELECT floor(extract(epoch FROM min(expires_at) - clock_timestamp()) * 1000)::bigint
                          FROM sluice.coord_session
                        """)
                .mapTo(Long.class)
                .one();
        return millis == null ? OptionalLong.empty() : OptionalLong.of(millis);
    }

    public boolean isAlive(Handle handle, long sessionId) {
        return handle.createQuery("SELECT count(*) FROM sluice.coord_session WHERE session_id = :id"
                        + " AND expires_at > clock_timestamp()")
                .bind("id", sessionId)
                .mapTo(Long.class)
                .one() > 0;
    }

    public Set<Long> liveSessionIds(Handle handle) {
        return new LinkedHashSet<>(handle.createQuery("SELECT session_id FROM sluice.coord_session"
                        + " WHERE expires_at > clock_timestamp() ORDER BY session_id")
                .mapTo(Long.class)
                .list());
    }
}
