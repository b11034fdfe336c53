package dev.sluice.coordination;

import dev.sluice.coordination.internal.SessionStore;
import dev.sluice.coordination.internal.SqlExecutor;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The table of live coordination sessions, {@value #TABLE}, as other modules may use it.
 *
 * <p><b>Contract.</b> A row exists while its session is alive. Columns: {@code session_id bigint} (primary key,
 * never reused; the value of {@link Coordinator#sessionId()}), {@code timeout_ms integer}, {@code owner text}
 * ({@code "<name> <pid>@<host>"}), {@code created_at}, {@code last_heartbeat_at} and {@code expires_at}
 * ({@code timestamptz}, database clock). A session that stops heartbeating is dead from {@code expires_at} on; the
 * next sweep by any participant (every live {@link Coordinator} sweeps at least every
 * {@link CoordinatorConfig#expiryCheckInterval()}, and also exactly when the next session is due) deletes the row
 * together with the session's ephemeral nodes in one transaction. A closed session's row is deleted at once, in
 * the same way. So a table with an {@code owner_session} column can delete the rows whose owner no longer
 * appears here:
 * <pre>{@code DELETE FROM sluice.my_table t
 *  WHERE NOT EXISTS (SELECT 1 FROM sluice.coord_session s WHERE s.session_id = t.owner_session)}</pre>
 * To also treat overdue, not yet swept sessions as dead, add {@code AND s.expires_at > clock_timestamp()}.
 *
 * <p>Thread-safe.
 */
public final class SessionRegistry {

    /** The qualified name of the sessions table. */
    public static final String TABLE = "sluice.coord_session";

    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

    private final SqlExecutor sql;
    private final SessionStore sessions = new SessionStore();

    public SessionRegistry(Jdbi jdbi) {
        this.sql = new SqlExecutor(jdbi);
    }

    /**
     * Deletes every session that is past its expiry, with its ephemeral nodes, and returns the ids deleted by
     * this call (sessions that a concurrent sweeper is deleting are skipped, not waited for). Any participant may
     * call it at any time; live coordinators also run it by themselves.
     */
    public Set<Long> expireDeadSessions() {
        Set<Long> expired = new LinkedHashSet<>();
        Set<Long> batch;
        do {
            batch = sql.transaction("expiring dead coordination sessions", sessions::expireBatch);
            expired.addAll(batch);
        } while (SessionStore.wasFullBatch(batch));
        if (!expired.isEmpty()) {
            LOG.info("Expired coordination session(s) {} and deleted their ephemeral nodes", expired);
        }
        return expired;
    }

    /** Whether the session exists and is not past its expiry. */
    public boolean isAlive(long sessionId) {
        return sql.autoCommit("checking coordination session " + sessionId,
                handle -> sessions.isAlive(handle, sessionId));
    }

    /** The ids of all sessions that exist and are not past their expiry, ascending. */
    public Set<Long> liveSessionIds() {
        return sql.autoCommit("listing coordination sessions", sessions::liveSessionIds);
    }
}
