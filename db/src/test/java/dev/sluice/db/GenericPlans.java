package dev.sluice.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a statement under the generic plan PostgreSQL makes for it while the tables are empty, as every pooled
 * connection that prepared it early keeps it, after the tables have grown: for tests that a hot statement's plan
 * does not depend on the statistics it was planned with.
 */
public final class GenericPlans {

    /** What one execution did: its EXPLAIN ANALYZE text, the shared buffers it touched and the rows it returned. */
    public record Execution(String plan, long sharedBuffers, long rows) {
    }

    /** Grows the tables once the plan is made. */
    @FunctionalInterface
    public interface Growth {
        void grow(Statement statement) throws SQLException;
    }

    private static final Pattern SHARED_HITS = Pattern.compile("Buffers: shared hit=(\\d+)");
    private static final Pattern ROWS = Pattern.compile("actual time=\\S+ rows=(\\d+)");

    private GenericPlans() {
    }

    /**
     * Prepares {@code numberedSql} ($1, $2, ... parameters) and executes it once with {@code arguments} on the
     * current (empty) tables, with autovacuum kept from refreshing statistics; then grows them and explains one
     * more execution of the same plan. Both executions are rolled back.
     */
    public static Execution afterGrowth(Connection connection, String numberedSql, String arguments, Growth growth)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String table : new String[] {"delivery", "message", "subscription_cursor", "log_partition"}) {
                statement.execute("alter table sluice." + table + " set (autovacuum_enabled = false)");
            }
            statement.execute("set plan_cache_mode = force_generic_plan");
            statement.execute("prepare measured as " + numberedSql);
            statement.execute("begin");
            statement.execute("execute measured(" + arguments + ")");
            statement.execute("rollback");
            growth.grow(statement);
            statement.execute("begin");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = statement.executeQuery("explain (analyze, buffers, costs off) execute measured("
                    + arguments + ")")) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            statement.execute("rollback");
            statement.execute("deallocate measured");
            Matcher buffers = SHARED_HITS.matcher(plan);
            Matcher returned = ROWS.matcher(plan);
            if (!buffers.find() || !returned.find()) {
                throw new IllegalStateException("No buffer or row counts in\n" + plan);
            }
            return new Execution(plan.toString(), Long.parseLong(buffers.group(1)),
                    Long.parseLong(returned.group(1)));
        }
    }
}
