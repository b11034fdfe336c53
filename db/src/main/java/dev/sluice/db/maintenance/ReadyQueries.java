package dev.sluice.db.maintenance;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * A few ready SQL queries over the documented views {@code sluice.messages} and {@code sluice.subscription_lag}
 * (from {@code ready-queries.sql} next to this class), for an operator to run as they are or to copy into psql.
 * {@link #run} runs one in a read-only transaction, so no query here can change the log. Thread-safe.
 */
public final class ReadyQueries {

    /** One query: its short name (for addresses), what it shows, and its SQL text. */
    public record ReadyQuery(String name, String title, String sql) {
    }

    /** A query's result: its column names and its rows, each value as text (null stays null). */
    public record Result(List<String> columns, List<List<String>> rows) {
    }

    private static final List<ReadyQuery> QUERIES = parse(ClasspathSqlLocator.create()
            .getResource(ReadyQueries.class.getClassLoader(), "dev/sluice/db/maintenance/ready-queries.sql"));

    private final Jdbi jdbi;

    public ReadyQueries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Every ready query, in the file's order. */
    public static List<ReadyQuery> all() {
        return QUERIES;
    }

    public static Optional<ReadyQuery> named(String name) {
        return QUERIES.stream().filter(query -> query.name().equals(name)).findFirst();
    }

    /** Runs {@code query} in a read-only transaction. */
    public Result run(ReadyQuery query) {
        return jdbi.inTransaction(handle -> {
            handle.execute("set transaction read only");
            return handle.createQuery(query.sql()).scanResultSet((supplier, context) -> {
                try (ResultSet rs = supplier.get()) {
                    return result(rs);
                }
            });
        });
    }

    private static Result result(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int column = 1; column <= meta.getColumnCount(); column++) {
            columns.add(meta.getColumnLabel(column));
        }
        List<List<String>> rows = new ArrayList<>();
        while (rs.next()) {
            List<String> row = new ArrayList<>(columns.size());
            for (int column = 1; column <= columns.size(); column++) {
                row.add(rs.getString(column));
            }
            rows.add(Collections.unmodifiableList(row));
        }
        return new Result(List.copyOf(columns), List.copyOf(rows));
    }

    /** Splits the file at its {@code -- name:} lines; the {@code -- title:} line follows, then the statement. */
    static List<ReadyQuery> parse(String file) {
        List<ReadyQuery> queries = new ArrayList<>();
        String name = null;
        String title = null;
        StringBuilder sql = new StringBuilder();
        for (String line : file.split("\n")) {
            if (line.startsWith("-- name:")) {
                add(queries, name, title, sql);
                name = line.substring("-- name:".length()).strip();
                title = name;
                sql.setLength(0);
            } else if (line.startsWith("-- title:")) {
                title = line.substring("-- title:".length()).strip();
            } else if (name != null) {
                sql.append(line).append('\n');
            }
        }
        add(queries, name, title, sql);
        return List.copyOf(queries);
    }

    private static void add(List<ReadyQuery> queries, String name, String title, StringBuilder sql) {
        if (name != null) {
            queries.add(new ReadyQuery(name, title, sql.toString().strip().replaceAll(";$", "")));
        }
    }
}
