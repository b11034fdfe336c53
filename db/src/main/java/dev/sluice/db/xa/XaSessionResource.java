package dev.sluice.db.xa;

import dev.sluice.db.engine.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The XAResource of one XA session (JMS-free: the provider's XA sessions hand it out as it is): associates the
 * session with a branch of {@link XaResourceManager} between
 * {@code start} and {@code end}, and is where that session's sends and acknowledgements go. Outside a branch the
 * session's work commits at once, as a non-transacted session's would. Completing a
 * branch ({@code prepare}, {@code commit}, {@code rollback}) needs no association and works after the session
 * closed. Used by the transaction manager's threads and the session's thread, hence the volatile fields.
 */
public final class XaSessionResource implements XAResource {

    private final XaResourceManager manager;
    private final Engine engine;
    private volatile XaBranch current;
    private volatile int timeoutSeconds;

    XaSessionResource(XaResourceManager manager, Engine engine) {
        this.manager = manager;
        this.engine = engine;
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        requireXid(xid);
        if (current != null) {
            throw XaErrors.of(XAException.XAER_PROTO, "This XA session is already associated with "
                    + current.xid() + "; end() it before starting " + XaGid.of(xid));
        }
        current = switch (flags) {
            case TMNOFLAGS -> manager.start(xid, timeoutSeconds);
            case TMJOIN, TMRESUME -> manager.join(xid);
            default -> throw XaErrors.of(XAException.XAER_INVAL, "start() takes TMNOFLAGS, TMJOIN or TMRESUME,"
                    + " not flags " + flags);
        };
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        requireXid(xid);
        XaBranch branch = current;
        if (branch == null || !branch.xid().equals(XaGid.of(xid))) {
            throw XaErrors.of(XAException.XAER_PROTO, "This XA session is not associated with " + XaGid.of(xid));
        }
        if (flags != TMSUCCESS && flags != TMFAIL && flags != TMSUSPEND) {
            throw XaErrors.of(XAException.XAER_INVAL, "end() takes TMSUCCESS, TMFAIL or TMSUSPEND, not flags "
                    + flags);
        }
        current = null;
        branch.dissociate(flags == TMFAIL);
        if (branch.timedOut()) {
            throw XaErrors.of(XAException.XA_RBTIMEOUT, "The XA transaction " + branch.xid() + " timed out and"
                    + " was rolled back");
        }
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        requireXid(xid);
        return manager.prepare(xid);
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        requireXid(xid);
        manager.commit(xid, onePhase);
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        requireXid(xid);
        manager.rollback(xid);
    }

    /** Every prepared transaction of Sluice's in the database, at the start of a scan; none later in it. */
    @Override
    public Xid[] recover(int flags) throws XAException {
        if ((flags & ~(TMSTARTRSCAN | TMENDRSCAN)) != 0) {
            throw XaErrors.of(XAException.XAER_INVAL, "recover() takes TMSTARTRSCAN, TMENDRSCAN or TMNOFLAGS,"
                    + " not flags " + flags);
        }
        return (flags & TMSTARTRSCAN) != 0 ? manager.recover() : new Xid[0];
    }

    /** Sluice never completes a branch on its own (no heuristic decisions), so there is nothing to forget. */
    @Override
    public void forget(Xid xid) throws XAException {
        requireXid(xid);
        throw XaErrors.of(XAException.XAER_NOTA, "Sluice makes no heuristic decisions; nothing to forget for "
                + XaGid.of(xid));
    }

    /** True for the resources of every XA session on the same database and login in this JVM. */
    @Override
    public boolean isSameRM(XAResource other) {
        return other instanceof XaSessionResource sluice && sluice.manager == manager;
    }

    @Override
    public int getTransactionTimeout() {
        return timeoutSeconds;
    }

    /** Applies to branches started afterwards; 0 (the default) means none: the transaction manager decides. */
    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        if (seconds < 0) {
            throw XaErrors.of(XAException.XAER_INVAL, "A transaction timeout cannot be negative: " + seconds);
        }
        timeoutSeconds = seconds;
        return true;
    }

    /**
     * Runs the session's {@code work} in the branch it is associated with, or, outside a branch, on a pooled
     * connection that commits at once, publishing what it sent before returning.
     */
    public void use(Consumer<Connection> work) throws SQLException {
        XaBranch branch = current;
        if (branch != null) {
            branch.use(work);
            return;
        }
        try (Connection connection = engine.database().dataSource().getConnection()) {
            work.accept(connection);
        }
        // Committed already: into the log now, so that the send has happened when it returns, as outside XA.
        engine.publishPending();
    }

    /** The session acknowledged {@code record} in its current work: redelivered at once if the branch rolls back. */
    public void acknowledged(dev.sluice.db.engine.Held record) {
        XaBranch branch = current;
        if (branch != null) {
            branch.acknowledged(record);
        }
    }

    /** Whether the session's work goes into a branch now (which must not NOTIFY: it will be prepared). */
    public boolean willBePrepared() {
        return current != null;
    }

    private static void requireXid(Xid xid) throws XAException {
        if (xid == null) {
            throw XaErrors.of(XAException.XAER_INVAL, "No Xid given");
        }
    }
}
