package dev.sluice.bench;

import dev.sluice.jms.SluiceConnectionFactory;
import dev.sluice.jms.SluiceXAConnectionFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.XAConnectionFactory;
import java.util.List;

/**
 * Sluice with its default settings on the benchmark's PostgreSQL. Destinations are left in place after a trial:
 * each trial uses new names, and an unread log costs a reader nothing. Thread-safe.
 */
final class SluiceTarget implements JmsTarget {

    private final SluiceConnectionFactory factory;
    private final SluiceXAConnectionFactory xaFactory;

    SluiceTarget(String jdbcUrl, String user, String password) {
        this.factory = new SluiceConnectionFactory(jdbcUrl);
        factory.setUser(user);
        factory.setPassword(password);
        this.xaFactory = new SluiceXAConnectionFactory(jdbcUrl);
        xaFactory.setUser(user);
        xaFactory.setPassword(password);
    }

    @Override
    public Column column() {
        return Column.SLUICE;
    }

    @Override
    public ConnectionFactory connectionFactory() {
        return factory;
    }

    @Override
    public XAConnectionFactory xaConnectionFactory() {
        return xaFactory;
    }

    @Override
    public void discard(List<String> queues, List<String> topics) {
        // nothing held in memory
    }

    @Override
    public void close() {
        // connections are closed by the trials; the shared backend closes with the last of them
    }
}
