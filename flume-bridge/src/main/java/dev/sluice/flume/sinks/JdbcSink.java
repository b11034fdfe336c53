package dev.sluice.flume.sinks;

import dev.sluice.flume.BatchSink;
import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import dev.sluice.flume.internal.EventJson;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts events into a PostgreSQL table the user names ({@code type = jdbc}), one database transaction per
 * batch, committed before the take commits: a crash in between repeats at most that batch. The headers go to a
 * {@code jsonb} column, the body (UTF-8 text) to a {@code text} column.
 *
 * <p>Keys: {@code url} (a {@code jdbc:postgresql:} URL, required), {@code user}, {@code password}, {@code table}
 * (required; {@code name} or {@code schema.name}), {@code headersColumn} (headers), {@code bodyColumn} (body),
 * {@code createTable} (false: when true the table is created if missing, with an id, a received_at time, the
 * headers and the body), {@code batchSize} (100). The connection is opened on start and reopened after a failure.
 * Confined to its runner thread.
 */
public final class JdbcSink extends BatchSink {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSink.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private String url;
    private String user;
    private String password;
    private String table;
    private String headersColumn;
    private String bodyColumn;
    private boolean createTable;
    private Connection connection;

    @Override
    protected void configureSink(ComponentContext context) {
        url = context.string("url", "a PostgreSQL JDBC URL such as jdbc:postgresql://host:5432/database");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw context.invalid("url", "a PostgreSQL JDBC URL such as jdbc:postgresql://host:5432/database");
        }
        user = context.stringOr("user", null);
        password = context.stringOr("password", null);
        table = context.string("table", "the table to insert into, as name or schema.name");
        if (!TABLE.matcher(table).matches()) {
            throw context.invalid("table", "a table name of letters, digits and underscores, optionally schema.name");
        }
        headersColumn = identifier(context, "headersColumn", "headers");
        bodyColumn = identifier(context, "bodyColumn", "body");
        createTable = context.bool("createTable", false);
        setBatchSize(context.integer("batchSize", 100, 1, 100_000));
    }

    private static String identifier(ComponentContext context, String key, String defaultValue) {
        String value = context.stringOr(key, defaultValue);
        if (!IDENTIFIER.matcher(value).matches()) {
            throw context.invalid(key, "a column name of letters, digits and underscores");
        }
        return value;
    }

    @Override
    protected void open() {
        try {
            connect();
            if (createTable) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (id bigserial PRIMARY KEY,"
                            + " received_at timestamptz NOT NULL DEFAULT now(), " + headersColumn
                            + " jsonb NOT NULL, " + bodyColumn + " text NOT NULL)");
                }
                connection.commit();
            }
        } catch (SQLException e) {
            LOG.warn("sink {}: could not prepare table {} now ({}); will retry on the first batch", name(), table,
                    e.getMessage());
            closeConnection();
        }
    }

    private void connect() throws SQLException {
        connection = user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
        connection.setAutoCommit(false);
    }

    @Override
    protected void write(List<Event> batch) throws SQLException {
        if (connection == null) {
            connect();
        }
        String sql = "INSERT INTO " + table + " (" + headersColumn + ", " + bodyColumn + ") VALUES (?::jsonb, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (Event event : batch) {
                insert.setString(1, EventJson.headers(event.headers()));
                insert.setString(2, event.bodyText().replace("\u0000", ""));
                insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            if (counts.length != batch.size()) {
                throw new SQLException("Expected " + batch.size() + " inserted rows in " + table + ", got "
                        + counts.length);
            }
            connection.commit();
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            closeConnection();
            throw e;
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("sink {}: closing the connection failed: {}", name(), e.getMessage());
            }
            connection = null;
        }
    }

    @Override
    protected void close() {
        closeConnection();
    }
}
