package dev.sluice.coordination.internal;

import dev.sluice.coordination.BadVersionException;
import dev.sluice.coordination.CoordinationException;
import dev.sluice.coordination.CreateMode;
import dev.sluice.coordination.InvalidPathException;
import dev.sluice.coordination.NoChildrenForEphemeralsException;
import dev.sluice.coordination.NoNodeException;
import dev.sluice.coordination.Node;
import dev.sluice.coordination.NodeExistsException;
import dev.sluice.coordination.NotEmptyException;
import dev.sluice.coordination.SessionExpiredException;
import dev.sluice.coordination.Stat;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * The SQL of node operations on {@code sluice.coord_node}, each on a handle the caller provides (auto-commit for
 * a single operation, one transaction for a multi). Every write also sends its change notifications
 * ({@link ChangeNotification}) in the same transaction, so they are delivered exactly when the change commits.
 *
 * <p>Lock order, to keep deadlocks rare: a parent row is always locked before its child's row (create updates the
 * parent's counters, then inserts; delete locks the parent, then deletes). Writes check in the same statement that
 * the writing session was alive when the statement started, so a session that has expired can change nothing.
 *
 * <p>Stateless and thread-safe.
 */
public final class NodeStore {

    static final String STAT_COLUMNS = statColumns("");

    /**
     * The writing session is alive as of the statement's start. Not {@code clock_timestamp()}: a write may wait for
     * a row lock, and PostgreSQL then re-checks this condition on the session row version the statement first saw,
     * which a heartbeat may meanwhile have replaced; a later clock would reject a session that is in fact alive.
     * An overdue session is still alive when the server was restarted or promoted since anyone last looked (see
     * {@link SessionStore#observe}): a write right after a restart need not wait for the next heartbeat.
     */
    private static final String SESSION_ALIVE = "EXISTS (SELECT 1 FROM sluice.coord_session s"
            + " WHERE s.session_id = :session AND (s.expires_at > statement_timestamp() OR sluice.coord_observe()))";

    private static final String CREATE = """
            WITH parent AS (
                UPDATE sluice.coord_node
                   SET num_children = num_children + 1,
                       child_version = child_version + 1,
                       next_sequence = next_sequence + :increment
                 WHERE path = :parent
                   AND ephemeral_owner IS NULL
                   AND %s
             RETURNING next_sequence - :increment AS sequence, clock_timestamp() AS created_at
            ), created AS (
                INSERT INTO sluice.coord_node (path, parent_path, data, ephemeral_owner, created_at, modified_at)
                SELECT CASE WHEN :sequential
                            THEN CAST(:path AS text) || lpad(p.sequence::text, greatest(10, length(p.sequence::text)), '0')
                            ELSE CAST(:path AS text) END,
                       :parent, :data, :owner, p.created_at, p.created_at
                  FROM parent p
             RETURNING path, %s
            )
            SELECT c.*,
                   pg_notify('%s', 'C ' || pg_current_xact_id() || ' ' || c.path) IS NULL AS created_sent,
                   pg_notify('%s', 'K ' || pg_current_xact_id() || ' ' || CAST(:parent AS text)) IS NULL AS children_sent
              FROM created c
            """.formatted(SESSION_ALIVE, STAT_COLUMNS, ChangeNotification.CHANNEL, ChangeNotification.CHANNEL);

    private static final String SET_DATA = """
            WITH updated AS (
                UPDATE sluice.coord_node
                   SET data = :data, version = version + 1, modified_at = clock_timestamp()
                 WHERE path = :path
                   AND (:expected = -1 OR version = :expected)
                   AND %s
             RETURNING path, %s
            )
            SELECT u.*, pg_notify('%s', 'U ' || pg_current_xact_id() || ' ' || u.path) IS NULL AS sent
              FROM updated u
            """.formatted(SESSION_ALIVE, STAT_COLUMNS, ChangeNotification.CHANNEL);

    private static final String LOCK_PARENT =
            "SELECT num_children FROM sluice.coord_node WHERE path = :parent FOR NO KEY UPDATE";

    private static final String DELETE = """
            WITH deleted AS (
                DELETE FROM sluice.coord_node
                 WHERE path = :path
                   AND (:expected = -1 OR version = :expected)
                   AND num_children = 0
                   AND %s
             RETURNING path, parent_path
            ), parent AS (
                UPDATE sluice.coord_node p
                   SET num_children = p.num_children - 1, child_version = p.child_version + 1
                  FROM deleted d
                 WHERE p.path = d.parent_path
             RETURNING p.path
            )
            SELECT d.path,
                   pg_notify('%s', 'D ' || pg_current_xact_id() || ' ' || d.path) IS NULL AS deleted_sent,
                   pg_notify('%s', 'K ' || pg_current_xact_id() || ' ' || d.parent_path) IS NULL AS children_sent
              FROM deleted d
            """.formatted(SESSION_ALIVE, ChangeNotification.CHANNEL, ChangeNotification.CHANNEL);

    private static final String GET = """
            SELECT pg_current_snapshot()::text AS snapshot, n.path, n.data, %s
              FROM (SELECT 1) AS one
              LEFT JOIN sluice.coord_node n ON n.path = :path
            """.formatted(statColumns("n."));

    private static final String GET_CHILDREN = """
            SELECT pg_current_snapshot()::text AS snapshot, n.path, %s,
                   ARRAY(SELECT c.path FROM sluice.coord_node c WHERE c.parent_path = n.path) AS children
              FROM (SELECT 1) AS one
              LEFT JOIN sluice.coord_node n ON n.path = :path
            """.formatted(statColumns("n."));

    /**
     * How often a write that changed nothing, for no reason the diagnosis finds (the session was seen as overdue
     * just while a heartbeat extended it), is tried again before giving up. Safe: the try changed nothing.
     */
    private static final int UNEXPLAINED_ATTEMPTS = 3;

    private static final String CHECK = "SELECT version FROM sluice.coord_node WHERE path = :path FOR SHARE";

    /** A created node: its actual path and stat. */
    public record Created(String path, Stat stat) {
    }

    /** A read of one node (null when absent) with the snapshot of the reading statement. */
    public record NodeRead(Node node, TransactionSnapshot snapshot) {
    }

    /** A read of a node's children (names, sorted) and stat (null when the node is absent), with the snapshot. */
    public record ChildrenRead(List<String> children, Stat stat, TransactionSnapshot snapshot) {
    }

    /**
     * Creates a node; for a sequential mode {@code path} is the prefix the parent's next sequence number is
     * appended to.
     */
    public Created create(Handle handle, long session, String path, byte[] data, CreateMode mode) {
        if (mode.isSequential()) {
            NodePath.validateSequentialPrefix(path);
        } else {
            NodePath.validate(path);
        }
        if (!mode.isSequential() && NodePath.ROOT.equals(path)) {
            throw new NodeExistsException(path);
        }
        String parent = mode.isSequential() ? NodePath.parent(path + "0") : NodePath.parent(path);
        for (int attempt = 1; ; attempt++) {
            Optional<Created> created = tryCreate(handle, session, path, data, mode, parent);
            if (created.isPresent()) {
                return created.get();
            }
            CoordinationException reason = diagnoseFailedCreate(handle, session, path, parent);
            if (reason != null) {
                throw reason;
            }
            if (attempt == UNEXPLAINED_ATTEMPTS) {
                throw new CoordinationException("Creating '" + path + "' changed no row " + attempt
                        + " times although its parent '" + parent + "' exists and session " + session + " is alive");
            }
        }
    }

    private Optional<Created> tryCreate(Handle handle, long session, String path, byte[] data, CreateMode mode,
                                        String parent) {
        try {
            return handle.createQuery(CREATE)
                    .bind("increment", mode.isSequential() ? 1L : 0L)
                    .bind("parent", parent)
                    .bind("session", session)
                    .bind("sequential", mode.isSequential())
                    .bind("path", path)
                    .bind("data", data)
                    .bind("owner", mode.isEphemeral() ? Long.valueOf(session) : null)
                    .map((rs, ctx) -> new Created(rs.getString("path"), stat(rs)))
                    .findOne();
        } catch (JdbiException e) {
            String state = SqlExecutor.sqlState(e);
            if ("23505".equals(state)) {
                throw new NodeExistsException(path);
            }
            if ("23503".equals(state)) {
                throw new SessionExpiredException(session, "Cannot create ephemeral node '" + path
                        + "': coordination session " + session + " has expired");
            }
            throw e;
        }
    }

    /** Why a create changed nothing, or null when nothing explains it (a race worth one more try). */
    private CoordinationException diagnoseFailedCreate(Handle handle, long session, String path, String parent) {
        checkSessionAlive(handle, session, "create '" + path + "'");
        Optional<Long> parentOwner = handle.createQuery(
                        "SELECT coalesce(ephemeral_owner, 0) FROM sluice.coord_node WHERE path = :parent")
                .bind("parent", parent)
                .mapTo(Long.class)
                .findOne();
        if (parentOwner.isEmpty()) {
            return new NoNodeException(parent, "Cannot create '" + path + "': its parent '" + parent
                    + "' does not exist");
        }
        if (parentOwner.get() != 0) {
            return new NoChildrenForEphemeralsException(path, parent);
        }
        return null;
    }

    public Stat setData(Handle handle, long session, String path, byte[] data, int expectedVersion) {
        NodePath.validate(path);
        for (int attempt = 1; ; attempt++) {
            Optional<Stat> updated = handle.createQuery(SET_DATA)
                    .bind("data", data)
                    .bind("path", path)
                    .bind("expected", expectedVersion)
                    .bind("session", session)
                    .map((rs, ctx) -> stat(rs))
                    .findOne();
            if (updated.isPresent()) {
                return updated.get();
            }
            checkSessionAlive(handle, session, "set data of '" + path + "'");
            int actual = currentVersion(handle, path);
            if (expectedVersion != -1 && actual != expectedVersion) {
                throw new BadVersionException(path, expectedVersion, actual);
            }
            if (attempt == UNEXPLAINED_ATTEMPTS) {
                throw new CoordinationException("Setting the data of '" + path + "' changed no row " + attempt
                        + " times although it is at version " + actual + " and session " + session + " is alive");
            }
        }
    }

    /** Deletes a node; the handle must be in a transaction (the parent is locked first, then the node). */
    public void delete(Handle handle, long session, String path, int expectedVersion) {
        NodePath.validate(path);
        if (NodePath.ROOT.equals(path)) {
            throw new InvalidPathException(path, "the root node cannot be deleted");
        }
        String parent = NodePath.parent(path);
        handle.createQuery(LOCK_PARENT).bind("parent", parent).mapTo(Integer.class).findOne();
        for (int attempt = 1; ; attempt++) {
            boolean deleted = handle.createQuery(DELETE)
                    .bind("path", path)
                    .bind("expected", expectedVersion)
                    .bind("session", session)
                    .mapTo(String.class)
                    .findOne()
                    .isPresent();
            if (deleted) {
                return;
            }
            checkSessionAlive(handle, session, "delete '" + path + "'");
            Optional<int[]> node = handle.createQuery(
                            "SELECT version, num_children FROM sluice.coord_node WHERE path = :path")
                    .bind("path", path)
                    .map((rs, ctx) -> new int[] {rs.getInt(1), rs.getInt(2)})
                    .findOne();
            if (node.isEmpty()) {
                throw new NoNodeException(path);
            }
            if (expectedVersion != -1 && node.get()[0] != expectedVersion) {
                throw new BadVersionException(path, expectedVersion, node.get()[0]);
            }
            if (node.get()[1] > 0) {
                throw new NotEmptyException(path, node.get()[1]);
            }
            if (attempt == UNEXPLAINED_ATTEMPTS) {
                throw new CoordinationException("Deleting '" + path + "' changed no row " + attempt
                        + " times although it has no children and session " + session + " is alive");
            }
        }
    }

    /** Fails unless the node exists at {@code expectedVersion} (-1: any); locks it against change until commit. */
    public void check(Handle handle, String path, int expectedVersion) {
        NodePath.validate(path);
        Optional<Integer> version = handle.createQuery(CHECK).bind("path", path).mapTo(Integer.class).findOne();
        if (version.isEmpty()) {
            throw new NoNodeException(path);
        }
        if (expectedVersion != -1 && version.get() != expectedVersion) {
            throw new BadVersionException(path, expectedVersion, version.get());
        }
    }

    public NodeRead get(Handle handle, String path) {
        NodePath.validate(path);
        return handle.createQuery(GET)
                .bind("path", path)
                .map((rs, ctx) -> {
                    TransactionSnapshot snapshot = TransactionSnapshot.parse(rs.getString("snapshot"));
                    if (rs.getString("path") == null) {
                        return new NodeRead(null, snapshot);
                    }
                    return new NodeRead(new Node(path, rs.getBytes("data"), stat(rs)), snapshot);
                })
                .one();
    }

    public ChildrenRead getChildren(Handle handle, String path) {
        NodePath.validate(path);
        return handle.createQuery(GET_CHILDREN)
                .bind("path", path)
                .map((rs, ctx) -> {
                    TransactionSnapshot snapshot = TransactionSnapshot.parse(rs.getString("snapshot"));
                    if (rs.getString("path") == null) {
                        return new ChildrenRead(List.of(), null, snapshot);
                    }
                    return new ChildrenRead(childNames(rs.getArray("children")), stat(rs), snapshot);
                })
                .one();
    }

    /** The snapshot of a statement that reads nothing: the starting point of a persistent watch. */
    public TransactionSnapshot snapshot(Handle handle) {
        return TransactionSnapshot.parse(handle.createQuery("SELECT pg_current_snapshot()::text")
                .mapTo(String.class)
                .one());
    }

    private static List<String> childNames(Array array) throws SQLException {
        String[] paths = (String[]) array.getArray();
        List<String> names = new ArrayList<>(paths.length);
        for (String child : paths) {
            names.add(NodePath.name(child));
        }
        names.sort(null);
        return List.copyOf(names);
    }

    private int currentVersion(Handle handle, String path) {
        return handle.createQuery("SELECT version FROM sluice.coord_node WHERE path = :path")
                .bind("path", path)
                .mapTo(Integer.class)
                .findOne()
                .orElseThrow(() -> new NoNodeException(path));
    }

    private static void checkSessionAlive(Handle handle, long session, String operation) {
        boolean alive = handle.createQuery("SELECT " + SESSION_ALIVE)
                .bind("session", session)
                .mapTo(Boolean.class)
                .one();
        if (!alive) {
            throw new SessionExpiredException(session, "Cannot " + operation + ": coordination session " + session
                    + " has expired");
        }
    }

    static Stat stat(ResultSet rs) throws SQLException {
        return new Stat(rs.getInt("version"), rs.getInt("child_version"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("modified_at", OffsetDateTime.class).toInstant(),
                rs.getInt("data_length"), rs.getLong("ephemeral_owner"), rs.getInt("num_children"));
    }

    private static String statColumns(String alias) {
        return alias + "version, " + alias + "child_version, " + alias + "num_children, coalesce(" + alias
                + "ephemeral_owner, 0) AS ephemeral_owner, " + alias + "created_at, " + alias + "modified_at, "
                + "octet_length(" + alias + "data) AS data_length";
    }
}
