package dev.sluice.db.maintenance;

import dev.sluice.db.log.DestinationKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * Reads messages for people to look at, as the documented view {@code sluice.messages} shows them: the newest of a
 * destination (read from the tables, see {@code newest-messages.sql}, because through the view PostgreSQL works out
 * every row's delivery state before it keeps the newest), and the queues dead letters and expired messages go to.
 * It only reads and takes no locks, so consumers never wait for it. With the server's login it sees every
 * destination whatever the grants. Thread-safe.
 */
public final class LogBrowser {

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.create();
    private static final String NEWEST = sql("newest-messages.sql");
    private static final String DEAD_LETTER_QUEUES = sql("dead-letter-queues.sql");

    private final Jdbi jdbi;

    public LogBrowser(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The newest {@code limit} messages of the destination (by JMSTimestamp, newest first); empty when none. */
    public List<BrowsedMessage> newest(DestinationKind kind, String name, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(NEWEST)
                .bind("kind", kind.sqlName())
                .bind("name", name)
                .bind("limit", limit)
                .map((rs, ctx) -> message(rs))
                .list());
    }

    /**
     * The existing queues that some destination names for its dead letters (by default {@code DLQ}) or its expired
     * messages, by name.
     */
    public List<String> deadLetterQueues() {
        return jdbi.withHandle(handle -> handle.createQuery(DEAD_LETTER_QUEUES).mapTo(String.class).list());
    }

    private static BrowsedMessage message(ResultSet rs) throws SQLException {
        return new BrowsedMessage(rs.getString("destination"), DestinationKind.fromSql(rs.getString("kind")),
                rs.getInt("partition"), rs.getLong("log_offset"), rs.getString("message_id"),
                rs.getString("correlation_id"), rs.getString("jms_type"), rs.getString("reply_to"),
                rs.getInt("priority"), rs.getBoolean("persistent"), instant(rs.getTimestamp("sent_at")),
                instant(rs.getTimestamp("expires_at")), instant(rs.getTimestamp("deliver_at")),
                rs.getString("group_id"), rs.getString("properties"), rs.getString("body_type"),
                rs.getLong("body_size"), rs.getString("body_text"), rs.getString("delivery_state"),
                (Integer) rs.getObject("delivery_count"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String sql(String file) {
        return SQL.getResource(LogBrowser.class.getClassLoader(), "dev/sluice/db/maintenance/" + file);
    }
}
