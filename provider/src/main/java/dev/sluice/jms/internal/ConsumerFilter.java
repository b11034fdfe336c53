package dev.sluice.jms.internal;

import dev.sluice.db.engine.ClaimFilter;
import dev.sluice.db.log.RecordFilter;
import dev.sluice.db.log.StoredMessage;
import dev.sluice.jms.internal.message.MessageCodec;
import dev.sluice.jms.internal.selector.Selector;
import dev.sluice.jms.internal.selector.SqlFragment;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;

/**
 * A consumer's choice among candidate records: noLocal drops the connection's own messages, the selector keeps
 * matching ones. What happens to a non-matching record depends on who reads: a queue consumer leaves it for other
 * consumers (JMS 3.1 section 8.4), a topic subscription never delivers it (section 8.3.2). Thread-safe.
 */
final class ConsumerFilter implements RecordFilter {

    private final Selector selector;
    private final boolean noLocal;
    private final String connectionId;
    private final Verdict onMismatch;
    private final MessageCodec codec;

    private ConsumerFilter(Selector selector, boolean noLocal, String connectionId, Verdict onMismatch,
                           MessageCodec codec) {
        this.selector = selector;
        this.noLocal = noLocal;
        this.connectionId = connectionId;
        this.onMismatch = onMismatch;
        this.codec = codec;
    }

    /**
     * What the engine claims for this consumer: the selector as SQL when it translates (judged inside the claim),
     * otherwise this filter judging headers and properties in Java.
     *
     * @throws InvalidSelectorException when the selector does not parse, with position and reason
     */
    static ClaimFilter claimFilter(SubscriptionSpec spec, String producerId, MessageCodec codec) throws JMSException {
        Selector selector = Selector.parse(spec.selector());
        boolean leave = spec.kind() == SubscriptionSpec.Kind.QUEUE;
        String excluded = spec.noLocal() ? producerId : null;
        if (selector.selectsAll()) {
            return new ClaimFilter(null, null, leave, excluded);
        }
        java.util.Optional<SqlFragment> sql = selector.toSql();
        if (sql.isPresent()) {
            return new ClaimFilter(sql.get().inline(), null, leave, excluded);
        }
        return new ClaimFilter(null, create(spec, producerId, codec), leave, null);
    }

    /** @throws InvalidSelectorException when the selector does not parse, with position and reason */
    static ConsumerFilter create(SubscriptionSpec spec, String connectionId, MessageCodec codec) throws JMSException {
        Selector selector = Selector.parse(spec.selector());
        Verdict onMismatch = spec.kind() == SubscriptionSpec.Kind.QUEUE ? Verdict.LEAVE : Verdict.SKIP;
        return new ConsumerFilter(selector, spec.noLocal(), connectionId, onMismatch, codec);
    }

    @Override
    public Verdict judge(StoredMessage message) {
        if (noLocal && connectionId.equals(message.record().producerId())) {
            return Verdict.SKIP;
        }
        if (selector == Selector.ALL) {
            return Verdict.DELIVER;
        }
        return selector.matches(new MessageSelectorContext(codec.decodeHeaders(message))) ? Verdict.DELIVER : onMismatch;
    }
}
