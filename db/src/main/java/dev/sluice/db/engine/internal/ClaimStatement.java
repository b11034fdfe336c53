package dev.sluice.db.engine.internal;

import dev.sluice.db.engine.ClaimFilter;
import dev.sluice.db.internal.SqlErrors;
import dev.sluice.db.log.Delivery;
import dev.sluice.db.log.LogStore;
import dev.sluice.db.log.Subscription;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * The claim of a subscription's records for one holder, over all its partitions, as one SQL statement in autocommit
 * on the relaxed-durability pool: one round trip and one commit without a WAL flush (a claim lost in a PostgreSQL
 * crash is made again; its records are then flagged redelivered, since each cursor keeps a durable bound of what was
 * ever claimed, raised by {@value #SUSPECT_MARGIN} records at a time in a claim that does wait for the flush). In
 * order, it
 * <ol>
 *   <li>retakes in-flight records that are available again (released, left by another consumer's selector, due
 *       after a delivery delay, or held by a holder whose lease ran out), locked with {@code SKIP LOCKED};</li>
 *   <li>locks each partition's cursor with {@code SKIP LOCKED} (a cursor another claim holds is that claim's),
 *       scans from it, judges each record (expired or noLocal: passed; not yet due: recorded without a holder until
 *       its delivery time; the selector as SQL: delivered, or left/passed), records the in-flight rows and moves the
 *       cursor past the last record it took, at most {@code max} records taken from the partitions in turn;</li>
 *   <li>returns the delivered messages with their delivery counts.</li>
 * </ol>
 * The selector's SQL (from the selector translator, values inlined as escape strings) is written into the
 * statement text, so each distinct selector is its own prepared statement. Thread-safe.
 */
public final class ClaimStatement {

    private static final String TEMPLATE = ClasspathSqlLocator.create()
            .getResource(ClaimStatement.class.getClassLoader(), "dev/sluice/db/engine/claim.sql");

    private static final Pattern NAMED = Pattern.compile(":([a-z]+)");
    /**
     * How far past the cursor a claim that commits durably puts the bound of offsets that a crash may have seen
     * claimed (see the V11 migration): one durable claim per this many records of a partition, and at most this many
     * records flagged redelivered needlessly after a crash.
     */
    static final long SUSPECT_MARGIN = 1_000;
    /** The message columns of the marker row, typed as the real ones so the union's column types agree. */
    private static final String NO_COLUMNS = "null::int, null::int, null::bigint, null::text, null::text, null::text,"
            + " null::text, null::smallint, null::boolean, null::bigint, null::bigint, null::bigint, null::text,"
            + " null::text, null::text, null::text, null::smallint, null::bytea";

    /**
     * What one claim took; whether to claim again before waiting ({@code more}: it took something, or records remain
     * beyond what it judged); and whether records do remain beyond what it judged ({@code backlog}).
     */
    public record Claimed(List<Delivery> deliveries, boolean more, boolean backlog) {
    }

    /** The part that looks for records of dead holders; only the periodic sweep has it (it walks expired leases). */
    private static final String ORPHANED = """
                select d.ctid as row_id
                  from sluice.delivery d
                 where d.consumer_id is not null and d.lease_until <= (select now from clock)
                   and d.destination_id = :destination and d.subscription_id = :subscription{{AGAIN_FILTER}}
                 order by d.partition, d.log_offset
                 limit :max
                 for update of d skip locked""";
    private static final String NO_ORPHANS =
            "    select cast(null as tid) as row_id where false";

    private static final String TAKEN_IN = "(select count(*) from taken t where t.partition = w.partition)";
    private static final String SCANNED_IN = "(select count(*) from scanned s where s.partition = w.partition)";

    /** SQL text with positional parameters and the names they stand for, in order. */
    private record Positional(String sql, List<String> parameterOrder) {
    }

    private final Jdbi relaxed;
    private final Subscription subscription;
    private final Positional claim;
    private final Positional sweep;
    private final String producer;

    public ClaimStatement(Jdbi relaxed, Subscription subscription, ClaimFilter filter) {
        if (!filter.judgedInSql()) {
            throw new IllegalArgumentException("The claim statement judges in SQL only");
        }
        this.relaxed = relaxed;
        this.subscription = subscription;
        String selector = filter.sqlCondition() == null ? "TRUE" : filter.sqlCondition();
        // The template's named parameters become positional ones before the selector is written in: the selector's
        // literals may hold anything, and only the driver parses them (escape strings included) correctly.
        boolean selective = filter.sqlCondition() != null || filter.excludeProducer() != null;
        String againFilter = selective
                ? "\n       and exists (select 1 from sluice.message m where m.destination_id = d.destination_id"
                        + " and m.partition = d.partition and m.log_offset = d.log_offset"
                        + " and (m.expires_at = 0 or m.expires_at > (select now from clock))"
                        + " and ({{SELECTOR}}) is true and (cast(:producer as text) is null"
                        + " or m.producer_id is distinct from cast(:producer as text)))"
                : "";
        String structure = TEMPLATE
                .replace("{{DELIVERED}}", selective ? ", count(*) filter (where n.verdict = 'deliver')"
                        + " over (partition by n.partition order by n.log_offset) as delivered" : "")
                .replace("{{WITHIN_ALLOTMENT}}", selective
                        ? " where (s.delivered < s.allotment or (s.delivered = s.allotment and s.verdict = 'deliver'))"
                        : "")
                .replace("{{LIMIT}}", selective ? "" : " limit c.allotment")
                .replace("{{MOVED_TO}}", "case when " + TAKEN_IN + " = " + SCANNED_IN
                        // without a selector the scan stops at the allotment: what lies after it was not judged
                        + (selective ? "" : " and " + SCANNED_IN + " < w.allotment")
                        + " then w.to_offset else coalesce((select max(t.log_offset) + 1 from taken t"
                        + " where t.partition = w.partition), w.from_offset) end");
        String rest = filter.leaveRejected() ? "'leave'" : "'pass'";
        this.claim = positional(structure.replace("{{ORPHANED}}", NO_ORPHANS).replace("{{AGAIN_FILTER}}", againFilter),
                selector, rest);
        this.sweep = positional(structure.replace("{{ORPHANED}}", ORPHANED).replace("{{AGAIN_FILTER}}", againFilter),
                selector, rest);
        this.producer = filter.excludeProducer();
    }

    private static Positional positional(String structure, String selector, String mismatch) {
        Matcher named = NAMED.matcher(structure);
        StringBuilder positional = new StringBuilder();
        List<String> order = new ArrayList<>();
        while (named.find()) {
            order.add(named.group(1));
            named.appendReplacement(positional, "?");
        }
        named.appendTail(positional);
        String sql = positional.toString().replace("{{SELECTOR}}", selector)
                .replace("{{MISMATCH}}", mismatch)
                .replace("{{COLUMNS}}", LogStore.MESSAGE_COLUMNS)
                .replace("{{NO_COLUMNS}}", NO_COLUMNS);
        return new Positional(sql, List.copyOf(order));
    }

    /** The statement's text, with its parameters as {@code $1, $2, ...} and their names in order (for tests). */
    String numberedSql(boolean sweeping, List<String> names) {
        Positional statement = sweeping ? sweep : claim;
        names.addAll(statement.parameterOrder());
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char c : statement.sql().toCharArray()) {
            if (c == '?') {
                numbered.append('$').append(++n);
            } else {
                numbered.append(c);
            }
        }
        return numbered.toString();
    }

    /**
     * Claims up to {@code max} new records plus up to {@code max} available-again ones, held by {@code holder} for
     * {@code leaseMs}; each partition's records in offset order, redeliveries first. The new records are shared out
     * evenly over the partitions that have some, what one cannot use going to the others (so one partition gives
     * all {@code max} when the others have none), taken in turn starting at partition {@code rotation}, and stop
     * where their bodies would exceed {@code bytes}, except the first.
     *
     * @param sweeping also retake records whose holder's lease ran out (the periodic sweep; signal-driven claims skip
     *     that part, which walks expired leases)
     * @param scan how many records per partition one claim may judge (a selective reader looks past rejected ones);
     *     a reader without selector or noLocal stops at its allotment within that window
     */
    public Claimed claim(String holder, int max, int scan, long bytes, int rotation, long leaseMs,
                         boolean sweeping) {
        Positional statement = sweeping ? sweep : claim;
        return relaxed.withHandle(handle -> {
            try (PreparedStatement prepared = handle.getConnection().prepareStatement(statement.sql())) {
                int position = 1;
                for (String name : statement.parameterOrder()) {
                    switch (name) {
                        case "destination" -> prepared.setInt(position, subscription.destinationId());
                        case "subscription" -> prepared.setLong(position, subscription.id());
                        case "holder" -> prepared.setString(position, holder);
                        case "lease" -> prepared.setLong(position, leaseMs);
                        case "max" -> prepared.setInt(position, max);
                        case "scan" -> prepared.setInt(position, scan);
                        case "bytes" -> prepared.setLong(position, bytes);
                        case "rotation" -> prepared.setInt(position, rotation);
                        case "margin" -> prepared.setLong(position, SUSPECT_MARGIN);
                        case "producer" -> prepared.setString(position, producer);
                        default -> throw new IllegalStateException("claim.sql uses unknown parameter :" + name);
                    }
                    position++;
                }
                List<Delivery> claimed = new ArrayList<>();
                boolean more = false;
                try (ResultSet rs = prepared.executeQuery()) {
                    while (rs.next()) {
                        int deliveryCount = rs.getInt(1);
                        if (deliveryCount < 0) {
                            more = true;
                        } else {
                            claimed.add(new Delivery(LogStore.map(rs), deliveryCount));
                        }
                    }
                }
                return new Claimed(claimed, more || !claimed.isEmpty(), more);
            } catch (SQLException e) {
                throw SqlErrors.translate("Claiming records of subscription " + subscription.id() + " for " + holder, e);
            }
        });
    }
}
