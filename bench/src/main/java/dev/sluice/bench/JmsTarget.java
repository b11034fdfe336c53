package dev.sluice.bench;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.XAConnectionFactory;
import java.util.List;

/**
 * A JMS system the workloads drive: its connection factory, and what to do with a trial's destinations once the
 * trial is over. Implementations are thread-safe; close once, after the last trial.
 */
interface JmsTarget extends AutoCloseable {

    Column column();

    ConnectionFactory connectionFactory();

    /** The same system for XA transaction managers. */
    XAConnectionFactory xaConnectionFactory();

    /**
     * Called after each trial with the destinations it used, so a broker that keeps messages in memory can drop
     * them before the next trial. Not timed.
     */
    void discard(List<String> queues, List<String> topics);

    @Override
    void close();
}
