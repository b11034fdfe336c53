package dev.sluice.db.xa;

import dev.sluice.db.engine.Held;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * One XA transaction branch of this JVM, from {@code start} until it is prepared or ends: its own JDBC connection,
 * whose local transaction holds the branch's sends and acknowledgements, the sessions associated with it now, and
 * whether it must roll back (ended with TMFAIL, or its timeout ran out). Guarded by its own monitor, so a
 * timeout or a rollback from the transaction manager's thread waits for a statement in progress.
 */
final class XaBranch {

    private final XaGid xid;
    private final Connection connection;
    private int associations;
    private boolean used;
    private boolean rollbackOnly;
    private boolean timedOut;
    private boolean finished;
    private ScheduledFuture<?> timeout;
    private final List<Held> acknowledged = new ArrayList<>();

    XaBranch(XaGid xid, Connection connection) {
        this.xid = xid;
        this.connection = connection;
    }

    XaGid xid() {
        return xid;
    }

    Connection connection() {
        return connection;
    }

    synchronized void associate() {
        associations++;
    }

    synchronized void dissociate(boolean failed) {
        associations--;
        if (failed) {
            rollbackOnly = true;
        }
    }

    synchronized boolean associated() {
        return associations > 0;
    }

    synchronized boolean used() {
        return used;
    }

    synchronized boolean rollbackOnly() {
        return rollbackOnly;
    }

    synchronized boolean timedOut() {
        return timedOut;
    }

    synchronized void acknowledged(Held record) {
        acknowledged.add(record);
    }

    /** The messages acknowledged in this branch: to be made available again if it rolls back. */
    synchronized List<Held> acknowledgements() {
        return List.copyOf(acknowledged);
    }

    synchronized void timeoutAfter(ScheduledFuture<?> timeout) {
        this.timeout = timeout;
    }

    /** Runs {@code work} in the branch's transaction; refused once the branch timed out or ended. */
    synchronized void use(Consumer<Connection> work) throws SQLException {
        if (timedOut) {
            throw new SQLException("the XA transaction " + xid + " timed out and was rolled back");
        }
        if (finished) {
            throw new SQLException("the XA transaction " + xid + " has ended");
        }
        used = true;
        try {
            work.accept(connection);
        } catch (RuntimeException e) {
            // PostgreSQL has aborted the transaction; PREPARE would quietly roll it back and report success.
            rollbackOnly = true;
            throw e;
        }
    }

    /** The timeout ran out: rolls the branch back now unless it was prepared or ended meanwhile. */
    synchronized boolean expire() {
        if (finished) {
            return false;
        }
        timedOut = true;
        rollbackQuietly();
        return true;
    }

    /** Marks the branch ended (prepared, committed or rolled back); false if it already was. */
    synchronized boolean finish() {
        if (finished) {
            return false;
        }
        finished = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        return true;
    }

    synchronized void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // a lost connection rolls the transaction back by itself
        }
    }
}
