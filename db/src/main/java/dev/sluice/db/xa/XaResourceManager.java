package dev.sluice.db.xa;

import dev.sluice.db.Database;
import dev.sluice.db.JdbcUrls;
import dev.sluice.db.engine.Engine;
import dev.sluice.db.engine.Held;
import dev.sluice.db.SluiceDatabaseException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sluice's XA resource manager for one database and login in this JVM, on PostgreSQL's two-phase commit: a
 * branch is a local transaction on a connection of its own until {@code PREPARE TRANSACTION}; from then on it
 * lives in PostgreSQL alone, so {@code COMMIT PREPARED} or {@code ROLLBACK PREPARED} may come from any process,
 * as a transaction manager's recovery does after a crash. Every {@link XaSessionResource} it made shares it,
 * which is what makes {@code isSameRM} true between them and lets one join another's branch (TMJOIN).
 *
 * <p>Sends in a branch are written to the pending area without NOTIFY (PostgreSQL cannot prepare a transaction
 * that notified); whoever commits the branch here has them published right after the commit (not before it
 * returns: concurrent commits share one publishing transaction), and every running Sluice client and server
 * sweeps the pending area every few seconds, which covers a commit made by another process. Thread-safe.
 */
public final class XaResourceManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(XaResourceManager.class);
    private static final int IDLE_CONNECTIONS = 8;
    private static final String UNDEFINED_OBJECT = "42704";

    private final Database database;
    private final Engine engine;
    private final Map<XaGid, XaBranch> branches = new ConcurrentHashMap<>();
    /** What branches prepared here acknowledged, to make available again if they roll back. */
    private final Map<XaGid, List<Held>> preparedAcknowledgements = new ConcurrentHashMap<>();
    private final Deque<Connection> idle = new ArrayDeque<>();
    private final ScheduledExecutorService timeouts;

    private XaResourceManager(Engine engine) {
        this.engine = engine;
        this.database = engine.database();
        this.timeouts = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sluice-xa-timeouts");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The resource manager of {@code engine}'s database and login.
     *
     * @throws SluiceDatabaseException when that PostgreSQL cannot prepare transactions, naming the setting
     */
    public static XaResourceManager open(Engine engine) {
        int slots;
        try (Connection connection = engine.database().dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select current_setting('max_prepared_transactions')::int")) {
            result.next();
            slots = result.getInt(1);
        } catch (SQLException e) {
            throw new SluiceDatabaseException("Cannot read max_prepared_transactions of "
                    + JdbcUrls.redact(engine.database().jdbcUrl()) + ": " + e.getMessage(), e);
        }
        if (slots == 0) {
            throw new SluiceDatabaseException("XA needs PostgreSQL's two-phase commit, and the server at "
                    + JdbcUrls.redact(engine.database().jdbcUrl()) + " has max_prepared_transactions = 0 (its"
                    + " default): set max_prepared_transactions in postgresql.conf to at least the number of XA"
                    + " transactions open at once (max_connections is a safe choice) and restart PostgreSQL");
        }
        return new XaResourceManager(engine);
    }

    /** The XAResource of a new XA session. */
    public XaSessionResource newResource() {
        return new XaSessionResource(this, engine);
    }

    /** A new branch (TMNOFLAGS), rolled back by itself after {@code timeoutSeconds} unless prepared (0: never). */
    XaBranch start(Xid xid, int timeoutSeconds) throws XAException {
        XaGid id = XaGid.of(xid);
        XaBranch branch = new XaBranch(id, takeConnection());
        if (branches.putIfAbsent(id, branch) != null) {
            giveBack(branch.connection());
            throw XaErrors.of(XAException.XAER_DUPID, "The XA transaction " + id + " was already started");
        }
        branch.associate();
        if (timeoutSeconds > 0) {
            branch.timeoutAfter(timeouts.schedule(() -> expire(branch, timeoutSeconds), timeoutSeconds,
                    TimeUnit.SECONDS));
        }
        return branch;
    }

    /** The branch a TMJOIN or TMRESUME associates with. */
    XaBranch join(Xid xid) throws XAException {
        XaBranch branch = active(xid);
        branch.associate();
        return branch;
    }

    int prepare(Xid xid) throws XAException {
        XaBranch branch = active(xid);
        synchronized (branch) {
            refuseWhileAssociated(branch, "prepare");
            refuseDoomed(branch);
            if (!branch.finish()) {
                throw XaErrors.of(XAException.XAER_NOTA, "The XA transaction " + branch.xid() + " has ended");
            }
            branches.remove(branch.xid());
            Connection connection = branch.connection();
            try {
                if (!branch.used()) {
                    connection.commit();
                    giveBack(connection);
                    return XAResource.XA_RDONLY;
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("prepare transaction '" + branch.xid().gid() + "'");
                }
                giveBack(connection);
                if (!branch.acknowledgements().isEmpty()) {
                    preparedAcknowledgements.put(branch.xid(), branch.acknowledgements());
                }
                return XAResource.XA_OK;
            } catch (SQLException e) {
                discard(connection);
                redeliver(branch.acknowledgements());
                throw XaErrors.of(XAException.XA_RBROLLBACK, "Preparing the XA transaction " + branch.xid()
                        + " failed, so it was rolled back: " + e.getMessage(), e);
            }
        }
    }

    void commit(Xid xid, boolean onePhase) throws XAException {
        XaBranch branch = branches.get(XaGid.of(xid));
        if (branch == null) {
            if (onePhase) {
                throw XaErrors.of(XAException.XAER_NOTA, "No XA transaction " + XaGid.of(xid) + " to commit in"
                        + " one phase here");
            }
            completePrepared(xid, "commit prepared");
            preparedAcknowledgements.remove(XaGid.of(xid));
            engine.publishPendingSoon();
            return;
        }
        if (!onePhase) {
            throw XaErrors.of(XAException.XAER_PROTO, "The XA transaction " + branch.xid() + " was not prepared;"
                    + " commit it in one phase or prepare it first");
        }
        synchronized (branch) {
            refuseWhileAssociated(branch, "commit");
            refuseDoomed(branch);
            if (!branch.finish()) {
                throw XaErrors.of(XAException.XAER_NOTA, "The XA transaction " + branch.xid() + " has ended");
            }
            branches.remove(branch.xid());
            try {
                branch.connection().commit();
                giveBack(branch.connection());
            } catch (SQLException e) {
                discard(branch.connection());
                if (!XaErrors.isConnectionFailure(e)) {
                    redeliver(branch.acknowledgements());
                }
                throw XaErrors.of(XaErrors.isConnectionFailure(e) ? XAException.XAER_RMFAIL
                        : XAException.XA_RBROLLBACK, "Committing the XA transaction " + branch.xid()
                        + " failed: " + e.getMessage(), e);
            }
        }
        engine.publishPendingSoon();
    }

    void rollback(Xid xid) throws XAException {
        XaBranch branch = branches.remove(XaGid.of(xid));
        if (branch == null) {
            completePrepared(xid, "rollback prepared");
            List<Held> acknowledged = preparedAcknowledgements.remove(XaGid.of(xid));
            if (acknowledged != null) {
                redeliver(acknowledged);
            }
            return;
        }
        // Allowed while associated: a transaction manager's timeout may roll back from its own thread; the
        // session's next use then fails.
        synchronized (branch) {
            if (branch.finish()) {
                branch.rollbackQuietly();
                giveBack(branch.connection());
                redeliver(branch.acknowledgements());
            }
        }
    }

    /** Sluice's transactions prepared in this database and not yet committed or rolled back. */
    Xid[] recover() throws XAException {
        List<Xid> found = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select gid from pg_prepared_xacts"
                     + " where database = current_database() and gid like '" + XaGid.PREFIX + "%'")) {
            while (result.next()) {
                XaGid.parse(result.getString(1)).ifPresent(found::add);
            }
        } catch (SQLException e) {
            throw XaErrors.of(XAException.XAER_RMFAIL, "Listing prepared XA transactions failed: "
                    + e.getMessage(), e);
        }
        return found.toArray(new Xid[0]);
    }

    private void completePrepared(Xid xid, String command) throws XAException {
        XaGid id = XaGid.of(xid);
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(command + " '" + id.gid() + "'");
        } catch (SQLException e) {
            if (UNDEFINED_OBJECT.equals(e.getSQLState())) {
                throw XaErrors.of(XAException.XAER_NOTA, "There is no prepared XA transaction " + id
                        + " (already completed, or never prepared)", e);
            }
            throw XaErrors.of(XAException.XAER_RMFAIL, command + " of the XA transaction " + id + " failed: "
                    + e.getMessage(), e);
        }
    }

    private XaBranch active(Xid xid) throws XAException {
        XaBranch branch = branches.get(XaGid.of(xid));
        if (branch == null) {
            throw XaErrors.of(XAException.XAER_NOTA, "No XA transaction " + XaGid.of(xid) + " is active here");
        }
        return branch;
    }

    private static void refuseWhileAssociated(XaBranch branch, String what) throws XAException {
        if (branch.associated()) {
            throw XaErrors.of(XAException.XAER_PROTO, "Cannot " + what + " the XA transaction " + branch.xid()
                    + " while a session is still associated with it: call end() first");
        }
    }

    /** A branch that must roll back is rolled back here, and the caller hears why. */
    private void refuseDoomed(XaBranch branch) throws XAException {
        if (!branch.timedOut() && !branch.rollbackOnly()) {
            return;
        }
        boolean timedOut = branch.timedOut();
        if (branch.finish()) {
            branch.rollbackQuietly();
            giveBack(branch.connection());
            if (!timedOut) {
                redeliver(branch.acknowledgements());
            }
        }
        branches.remove(branch.xid());
        throw timedOut
                ? XaErrors.of(XAException.XA_RBTIMEOUT, "The XA transaction " + branch.xid() + " timed out and"
                        + " was rolled back")
                : XaErrors.of(XAException.XA_RBROLLBACK, "The XA transaction " + branch.xid() + " was ended with"
                        + " TMFAIL and was rolled back");
    }

    private void expire(XaBranch branch, int timeoutSeconds) {
        if (branch.expire()) {
            redeliver(branch.acknowledgements());
            LOG.warn("XA transaction {} was not prepared within its timeout of {} s; rolled back", branch.xid(),
                    timeoutSeconds);
        }
    }

    /**
     * After a rollback: the messages the branch acknowledged are available again now, not when their lease runs
     * out (and go to their dead-letter queue once delivered as often as allowed). The rollback stands if this fails.
     */
    private void redeliver(List<Held> acknowledged) {
        if (acknowledged.isEmpty()) {
            return;
        }
        try {
            engine.release(acknowledged, 0);
        } catch (RuntimeException e) {
            LOG.warn("Could not make {} messages of a rolled-back XA transaction available again at once ({});"
                    + " they are when their lease runs out", acknowledged.size(), e.getMessage());
        }
    }

    private Connection takeConnection() throws XAException {
        synchronized (idle) {
            Connection reused = idle.pollFirst();
            if (reused != null) {
                return reused;
            }
        }
        try {
            Connection connection = database.openDedicatedConnection();
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            throw XaErrors.of(XAException.XAER_RMFAIL, "Cannot open a connection for an XA transaction to "
                    + JdbcUrls.redact(database.jdbcUrl()) + ": " + e.getMessage(), e);
        }
    }

    private void giveBack(Connection connection) {
        synchronized (idle) {
            if (idle.size() < IDLE_CONNECTIONS) {
                idle.addFirst(connection);
                return;
            }
        }
        discard(connection);
    }

    private static void discard(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing is all that is left to do with it
        }
    }

    /** Rolls back the branches not prepared yet (their connections close) and closes the idle connections. */
    @Override
    public void close() {
        timeouts.shutdownNow();
        for (XaBranch branch : branches.values()) {
            if (branch.finish()) {
                discard(branch.connection());
            }
        }
        branches.clear();
        preparedAcknowledgements.clear();
        synchronized (idle) {
            idle.forEach(XaResourceManager::discard);
            idle.clear();
        }
    }
}
