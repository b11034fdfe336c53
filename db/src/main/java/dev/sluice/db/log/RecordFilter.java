package dev.sluice.db.log;

/**
 * Decides, per candidate record, what an acquiring consumer does with it. Expiry and delivery delay are handled by
 * {@link DeliveryStore} itself; this is for what only the consumer knows (its selector, noLocal).
 */
@FunctionalInterface
public interface RecordFilter {

    /** What to do with a record. */
    enum Verdict {
        /** Hand it to this consumer. */
        DELIVER,
        /** Treat it as consumed: this subscription never delivers it (a topic subscription's selector, noLocal). */
        SKIP,
        /** Leave it available for other consumers of the subscription (a queue consumer's selector). */
        LEAVE
    }

    RecordFilter DELIVER_ALL = message -> Verdict.DELIVER;

    Verdict judge(StoredMessage message);
}
