package dev.sluice.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * What PostgreSQL itself can absorb of the rows Sluice writes, with no Sluice code: plain JDBC into a copy of
 * {@code sluice.message} (same columns, key and constraints, built with {@code LIKE ... INCLUDING ALL}) in the
 * scratch schema {@value #SCHEMA}, one connection per thread, autocommit so each statement is one transaction:
 * one row per transaction, a 100-row INSERT per transaction, and COPY of 1,000 rows per transaction. Rows carry
 * what a Sluice send stores for a 1 KiB BytesMessage (message id, producer, time, body). The table is emptied
 * between trials. Used by the benchmark's main thread.
 */
final class PostgresCeiling {

    static final String SCHEMA = "bench_ceiling";
    private static final String COLUMNS =
            "destination_id, partition, log_offset, message_id, producer_id, sent_at, body_type, body";
    private static final int COLUMN_COUNT = 8;
    /** Sluice's body type code does not matter to PostgreSQL; any smallint does. */
    private static final short BODY_TYPE = 2;
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private final String jdbcUrl;
    private final Properties login = new Properties();
    private final byte[] body = new byte[JmsWorkloads.BODY_BYTES];
    private final String bodyText;

    PostgresCeiling(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        if (user != null) {
            login.setProperty("user", user);
        }
        if (password != null) {
            login.setProperty("password", password);
        }
        new Random(42).nextBytes(body);
        // COPY's text format: bytea as \x followed by hex, the backslash itself escaped
        this.bodyText = "\\\\x" + HexFormat.of().formatHex(body);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, login);
    }

    /** Creates the scratch table (again), shaped like Sluice's. */
    void prepare() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("create schema if not exists " + SCHEMA);
            statement.execute("drop table if exists " + SCHEMA + ".message");
            statement.execute("create table " + SCHEMA + ".message (like sluice.message including all)");
        }
    }

    void drop() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    void runAll(Results results, BenchOptions options) throws SQLException {
        prepare();
        for (Workload workload : options.workloads()) {
            if (!workload.isCeiling()) {
                continue;
            }
            Measurement.Trial trial = switch (workload) {
                case PG_ONE_ROW_1 -> (tag, length) -> Map.of(workload, insert(length, 1, 1));
                case PG_ONE_ROW_8 -> (tag, length) -> Map.of(workload, insert(length, 8, 1));
                case PG_HUNDRED_ROWS_1 -> (tag, length) -> Map.of(workload, insert(length, 1, 100));
                case PG_HUNDRED_ROWS_8 -> (tag, length) -> Map.of(workload, insert(length, 8, 100));
                case PG_COPY_8 -> (tag, length) -> Map.of(workload, copy(length, 8, 1000));
                default -> throw new IllegalStateException(workload + " is not a ceiling workload");
            };
            Measurement.measure(results, Column.PG_CEILING, List.of(workload), options, trial);
        }
        drop();
    }

    private void truncate() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("truncate " + SCHEMA + ".message");
        }
    }

    /** {@code connections} threads, each running INSERTs of {@code rowsPerInsert} rows, one per transaction. */
    double insert(Duration length, int connections, int rowsPerInsert) throws Exception {
        truncate();
        StringBuilder sql = new StringBuilder("insert into " + SCHEMA + ".message (" + COLUMNS + ") values ");
        for (int r = 0; r < rowsPerInsert; r++) {
            sql.append(r == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?)");
        }
        List<Connection> opened = new ArrayList<>();
        Crew crew = new Crew("pg insert x" + rowsPerInsert);
        LongAdder rows = new LongAdder();
        long[] window = new long[2];
        try {
            for (int c = 0; c < connections; c++) {
                Connection connection = connect();
                opened.add(connection);
                PreparedStatement insert = connection.prepareStatement(sql.toString());
                int partition = c;
                crew.add("connection-" + c, () -> {
                    long offset = 0;
                    while (crew.running() && System.nanoTime() < window[1]) {
                        for (int r = 0; r < rowsPerInsert; r++) {
                            int base = r * COLUMN_COUNT;
                            insert.setInt(base + 1, 1);
                            insert.setInt(base + 2, partition);
                            insert.setLong(base + 3, offset);
                            insert.setString(base + 4, "ID:bench-" + partition + "-" + offset);
                            insert.setString(base + 5, "bench-producer-" + partition);
                            insert.setLong(base + 6, System.currentTimeMillis());
                            insert.setShort(base + 7, BODY_TYPE);
                            insert.setBytes(base + 8, body);
                            offset++;
                        }
                        insert.executeUpdate();
                        if (System.nanoTime() < window[1]) {
                            rows.add(rowsPerInsert);
                        }
                    }
                });
            }
            window[0] = System.nanoTime();
            window[1] = window[0] + length.toNanos();
            crew.start();
            crew.awaitDeadline(window[1]);
            crew.stop(STOP_GRACE);
            return Measurement.rate(rows.sum(), length);
        } finally {
            closeAll(opened);
        }
    }

    /** {@code connections} threads, each running COPY of {@code rowsPerCopy} rows, one per transaction. */
    double copy(Duration length, int connections, int rowsPerCopy) throws Exception {
        truncate();
        String sql = "copy " + SCHEMA + ".message (" + COLUMNS + ") from stdin (format text)";
        List<Connection> opened = new ArrayList<>();
        Crew crew = new Crew("pg copy x" + rowsPerCopy);
        LongAdder rows = new LongAdder();
        long[] window = new long[2];
        try {
            for (int c = 0; c < connections; c++) {
                Connection connection = connect();
                opened.add(connection);
                CopyManager copier = connection.unwrap(PGConnection.class).getCopyAPI();
                int partition = c;
                crew.add("connection-" + c, () -> {
                    long offset = 0;
                    ByteArrayOutputStream buffer = new ByteArrayOutputStream(rowsPerCopy * (bodyText.length() + 80));
                    while (crew.running() && System.nanoTime() < window[1]) {
                        buffer.reset();
                        long now = System.currentTimeMillis();
                        for (int r = 0; r < rowsPerCopy; r++) {
                            String line = "1\t" + partition + "\t" + offset + "\tID:bench-" + partition + "-" + offset
                                    + "\tbench-producer-" + partition + "\t" + now + "\t" + BODY_TYPE + "\t" + bodyText
                                    + "\n";
                            buffer.writeBytes(line.getBytes(StandardCharsets.US_ASCII));
                            offset++;
                        }
                        copier.copyIn(sql, new java.io.ByteArrayInputStream(buffer.toByteArray()));
                        if (System.nanoTime() < window[1]) {
                            rows.add(rowsPerCopy);
                        }
                    }
                });
            }
            window[0] = System.nanoTime();
            window[1] = window[0] + length.toNanos();
            crew.start();
            crew.awaitDeadline(window[1]);
            crew.stop(STOP_GRACE);
            return Measurement.rate(rows.sum(), length);
        } finally {
            closeAll(opened);
        }
    }

    private static void closeAll(List<Connection> connections) throws SQLException {
        SQLException first = null;
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
