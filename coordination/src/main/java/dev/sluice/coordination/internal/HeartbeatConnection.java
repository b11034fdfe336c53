package dev.sluice.coordination.internal;

import dev.sluice.coordination.ListenConnectionSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The dedicated connection a session's heartbeats go over, opened again after it broke. Not the pool's: after a
 * database restart a pool may hand out connections only after its own back-off (HikariCP waits up to its connection
 * timeout), while the session must be confirmed within a third of its timeout of the server coming back. Each
 * statement may take at most a third of the session timeout before the connection is dropped, so a silent network
 * cannot hold the next beat. Confined to the heartbeat thread.
 */
public final class HeartbeatConnection implements AutoCloseable {

    private final ListenConnectionSource source;
    private final int networkTimeoutMillis;
    private Handle handle;

    public HeartbeatConnection(ListenConnectionSource source, Duration sessionTimeout) {
        this.source = source;
        this.networkTimeoutMillis = (int) Math.max(100, sessionTimeout.toMillis() / 3);
    }

    /** Runs {@code work} in auto-commit mode; the connection is dropped (and opened again next time) if it fails. */
    public <T> T run(String operation, HandleCallback<T, RuntimeException> work) {
        try {
            if (handle == null) {
                Connection opened = source.open();
                opened.setNetworkTimeout(Runnable::run, networkTimeoutMillis);
                opened.setAutoCommit(true);
                handle = Jdbi.open(opened);
            }
            return work.withHandle(handle);
        } catch (SQLException e) {
            close();
            throw SqlExecutor.translate(operation, new org.jdbi.v3.core.ConnectionException(e));
        } catch (JdbiException e) {
            close();
            throw SqlExecutor.translate(operation, e);
        }
    }

    @Override
    public void close() {
        if (handle != null) {
            try {
                handle.close();
            } catch (JdbiException ignored) {
                // broken already; nothing to release
            }
            handle = null;
        }
    }
}
