package dev.sluice.db.engine;

import dev.sluice.db.log.RecordFilter;

/**
 * Which records a reader claims, beyond what the engine decides itself (expiry and delivery time): a selector and
 * noLocal. A selector that translates to SQL is judged inside the claim statement ({@code sqlCondition}, a boolean
 * expression over the columns of {@code sluice.message} aliased {@code m}); one that does not is judged in Java by
 * {@code javaFilter}, which must look at headers and properties only. What a rejected record becomes is
 * {@code leaveRejected}: a queue leaves it for other consumers, a topic subscription passes it for good.
 *
 * @param sqlCondition    the selector as SQL, with its values inlined; null when there is no selector or it is
 *                        judged in Java
 * @param javaFilter      judges each candidate in Java instead; null when the SQL (or nothing) decides
 * @param leaveRejected   true: a rejected record stays available to other consumers (queues)
 * @param excludeProducer noLocal: records whose producer is this are passed; null without noLocal
 */
public record ClaimFilter(String sqlCondition, RecordFilter javaFilter, boolean leaveRejected,
                          String excludeProducer) {

    /** Every record, for a reader that competes with others for them (a queue). */
    public static final ClaimFilter ALL = new ClaimFilter(null, null, true, null);

    public ClaimFilter {
        if (sqlCondition != null && javaFilter != null) {
            throw new IllegalArgumentException("A claim filter is judged in SQL or in Java, not both");
        }
        if (sqlCondition != null && sqlCondition.isBlank()) {
            throw new IllegalArgumentException("An SQL condition must not be blank; pass null for none");
        }
    }

    /** True when the claim statement decides everything (no judging in Java). */
    public boolean judgedInSql() {
        return javaFilter == null;
    }
}
