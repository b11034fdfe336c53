package dev.sluice.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Where Sluice's time goes inside PostgreSQL, for profiling: with {@code -Dbench.pgStatements=true} (through
 * {@code -Dbench.jvm=...}) the benchmark's PostgreSQL loads pg_stat_statements, the statistics are reset before
 * Sluice's workloads and the statements that took most execution time are printed after them. Off by default: it
 * costs a little on every statement. Used by the benchmark's main thread.
 */
final class StatementProfile {

    static final boolean ENABLED = Boolean.getBoolean("bench.pgStatements");
    private static final int TOP = 20;

    private final String url;
    private final String user;
    private final String password;

    StatementProfile(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void reset() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("create extension if not exists pg_stat_statements");
            statement.execute("select pg_stat_statements_reset()");
        }
    }

    void print() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("""
                     select calls, total_exec_time, mean_exec_time, rows, wal_bytes,
                            regexp_replace(query, '\\s+', ' ', 'g') as query
                       from pg_stat_statements
                      order by total_exec_time desc limit %d""".formatted(TOP))) {
            System.out.println("pg_stat_statements, top " + TOP + " by execution time in PostgreSQL:");
            System.out.printf("%10s %10s %9s %10s %12s  %s%n", "calls", "total ms", "mean ms", "rows", "WAL bytes",
                    "statement");
            while (result.next()) {
                String query = result.getString("query");
                System.out.printf("%10d %10.0f %9.3f %10d %12d  %s%n", result.getLong("calls"),
                        result.getDouble("total_exec_time"), result.getDouble("mean_exec_time"),
                        result.getLong("rows"), result.getLong("wal_bytes"),
                        query.length() > 160 ? query.substring(0, 160) + "..." : query);
            }
        }
    }
}
