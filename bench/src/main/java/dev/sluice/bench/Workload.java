package dev.sluice.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A row of the result table: what is measured, its unit, and which raw PostgreSQL row is the ceiling it is read
 * against. The JMS workloads run on every JMS system; the {@code PG_*} rows run only as the raw ceiling; the
 * {@code JOINED_*} rows on Sluice only. One latency run fills the three latency rows, the {@code joined} workload
 * its eight rows (two trials of four). Immutable.
 */
enum Workload {

    SEND_1("send-1", "queue send, 1 producer", Unit.MESSAGES, "pg-1row-1"),
    SEND_8("send-8", "queue send, 8 producers", Unit.MESSAGES, "pg-1row-8"),
    END_TO_END_AUTO("e2e-auto", "queue end-to-end 4x4, AUTO_ACKNOWLEDGE", Unit.MESSAGES, null),
    END_TO_END_TRANSACTED("e2e-tx100", "queue end-to-end 4x4, transacted by 100", Unit.MESSAGES, "pg-100row-8"),
    LATENCY_P50("latency", "latency at 1,000 msg/s, p50", Unit.MILLISECONDS, null),
    LATENCY_P99("latency", "latency at 1,000 msg/s, p99", Unit.MILLISECONDS, null),
    LATENCY_P999("latency", "latency at 1,000 msg/s, p99.9", Unit.MILLISECONDS, null),
    TOPIC_FAN_OUT("topic-4", "topic 1 producer -> 4 durable, delivered", Unit.MESSAGES, null),
    NON_PERSISTENT_8("nonpersistent-8", "non-persistent queue send, 8 producers", Unit.MESSAGES, "pg-copy-8"),
    REQUEST_REPLY("request-reply", "request/reply, temporary reply queue", Unit.ROUND_TRIPS, null),
    XA_SEND_4("xa-4", "XA send + two-phase commit, 4 producers", Unit.MESSAGES, null),
    // Sluice only (JoinedWorkloads): a send in the application's JDBC transaction against an ordinary one.
    JOINED_ORDINARY_OPERATION_P50(Ids.JOINED, "ordinary send + commit at 200 tx/s, p50", Unit.MILLISECONDS, null),
    JOINED_OPERATION_P50(Ids.JOINED, "joined insert + send + commit at 200 tx/s, p50", Unit.MILLISECONDS, null),
    JOINED_ORDINARY_OPERATION_P99(Ids.JOINED, "ordinary send + commit at 200 tx/s, p99", Unit.MILLISECONDS, null),
    JOINED_OPERATION_P99(Ids.JOINED, "joined insert + send + commit at 200 tx/s, p99", Unit.MILLISECONDS, null),
    JOINED_ORDINARY_LATENCY_P50(Ids.JOINED, "ordinary send, due to received, p50", Unit.MILLISECONDS, null),
    JOINED_LATENCY_P50(Ids.JOINED, "joined send, due to received, p50", Unit.MILLISECONDS, null),
    JOINED_ORDINARY_LATENCY_P99(Ids.JOINED, "ordinary send, due to received, p99", Unit.MILLISECONDS, null),
    JOINED_LATENCY_P99(Ids.JOINED, "joined send, due to received, p99", Unit.MILLISECONDS, null),

    PG_ONE_ROW_1("pg-1row-1", "raw PG: 1 row/tx, 1 connection", Unit.ROWS, null),
    PG_ONE_ROW_8("pg-1row-8", "raw PG: 1 row/tx, 8 connections", Unit.ROWS, null),
    PG_HUNDRED_ROWS_1("pg-100row-1", "raw PG: 100-row INSERT/tx, 1 connection", Unit.ROWS, null),
    PG_HUNDRED_ROWS_8("pg-100row-8", "raw PG: 100-row INSERT/tx, 8 connections", Unit.ROWS, null),
    PG_COPY_8("pg-copy-8", "raw PG: COPY 1,000 rows/tx, 8 connections", Unit.ROWS, null);

    /** Command-line names shared by several rows. */
    private static final class Ids {
        static final String JOINED = "joined";
    }

    /** What a figure counts; latencies are the only rows where lower is better. */
    enum Unit {
        MESSAGES("msg/s"), ROUND_TRIPS("round trips/s"), ROWS("rows/s"), MILLISECONDS("ms");

        final String label;

        Unit(String label) {
            this.label = label;
        }
    }

    /** The name used on the command line ({@code workloads=send-1,latency}); the latency rows share one. */
    final String id;
    final String label;
    final Unit unit;
    private final String ceilingId;

    Workload(String id, String label, Unit unit, String ceilingId) {
        this.id = id;
        this.label = label;
        this.unit = unit;
        this.ceilingId = ceilingId;
    }

    boolean isCeiling() {
        return id.startsWith("pg-");
    }

    /** Rows that only Sluice can run (its joined transactions); the JMS peers skip them. */
    boolean isSluiceOnly() {
        return id.equals(Ids.JOINED);
    }

    boolean lowerIsBetter() {
        return unit == Unit.MILLISECONDS;
    }

    /** The raw PostgreSQL row this JMS row is read against, if one measures the same rows and commits. */
    Optional<Workload> ceiling() {
        return ceilingId == null ? Optional.empty() : Optional.of(byId(ceilingId).get(0));
    }

    static List<Workload> byId(String id) {
        List<Workload> matching = Arrays.stream(values()).filter(workload -> workload.id.equals(id)).toList();
        if (matching.isEmpty()) {
            throw new IllegalArgumentException("Unknown workload '" + id + "'; known: "
                    + Arrays.stream(values()).map(workload -> workload.id).distinct().toList());
        }
        return matching;
    }
}
