package dev.sluice.bench;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.XAConnectionFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.storage.DatabaseStorageConfiguration;
import org.apache.activemq.artemis.core.io.aio.AIOSequentialFileFactory;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQXAConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ActiveMQ Artemis broker embedded in the benchmark's JVM, reached by its own Jakarta client over TCP on
 * 127.0.0.1 (never in-VM, so it pays the network hop Sluice pays to PostgreSQL). Three stores:
 * <ul>
 *   <li>{@link Variant#JDBC}: Artemis' JDBC persistence on the benchmark's PostgreSQL, defaults otherwise;</li>
 *   <li>{@link Variant#JOURNAL_DEFAULT}: the file journal as an embedded broker gets it without tuning;</li>
 *   <li>{@link Variant#JOURNAL_TUNED}: the file journal with its buffer timeout set to the fsync time measured on
 *       this disk, which is what {@code artemis create} / {@code artemis perf-journal} would configure.</li>
 * </ul>
 * Security, JMX and the critical analyzer are off (the analyzer could stop a broker starved of CPU by the
 * benchmark itself). Thread-safe; {@link #close()} stops the broker.
 */
final class ArtemisTarget implements JmsTarget {

    private static final Logger LOG = LoggerFactory.getLogger(ArtemisTarget.class);

    /**
     * Table names of the JDBC store, prefixed so they are told apart in the shared database (the page store's
     * is a prefix of at most 10 characters).
     */
    static final List<String> JDBC_TABLES = List.of("art_bindings", "art_messages", "art_large_messages",
            "art_page", "art_node_manager");

    /** How the broker stores messages. */
    enum Variant {
        JDBC(Column.ARTEMIS_JDBC), JOURNAL_DEFAULT(Column.ARTEMIS_JOURNAL), JOURNAL_TUNED(Column.ARTEMIS_TUNED);

        final Column column;

        Variant(Column column) {
            this.column = column;
        }

        static Variant of(Column column) {
            for (Variant variant : values()) {
                if (variant.column == column) {
                    return variant;
                }
            }
            throw new IllegalArgumentException(column.id + " is not an Artemis column");
        }
    }

    private final Variant variant;
    private final EmbeddedActiveMQ broker;
    private final ActiveMQConnectionFactory factory;
    private final ActiveMQXAConnectionFactory xaFactory;
    private final String description;

    private ArtemisTarget(Variant variant, EmbeddedActiveMQ broker, String url, String description) {
        this.variant = variant;
        this.broker = broker;
        this.factory = new ActiveMQConnectionFactory(url);
        this.xaFactory = new ActiveMQXAConnectionFactory(url);
        this.description = description;
    }

    /**
     * Starts a broker.
     *
     * @param directory          its journal, bindings, paging and large-message folders (journal variants)
     * @param jdbcUrl            the PostgreSQL of the JDBC variant
     * @param bufferTimeoutNanos the tuned variant's journal buffer timeout
     */
    static ArtemisTarget start(Variant variant, Path directory, String jdbcUrl, String user, String password,
                               long bufferTimeoutNanos) throws Exception {
        int port = freePort();
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("bench-" + variant.column.id);
        config.setPersistenceEnabled(true);
        config.setSecurityEnabled(false);
        config.setJMXManagementEnabled(false);
        config.setCriticalAnalyzer(false);
        config.addAcceptorConfiguration("core", "tcp://127.0.0.1:" + port + "?protocols=CORE");
        config.setJournalDirectory(directory.resolve("journal").toString());
        config.setBindingsDirectory(directory.resolve("bindings").toString());
        config.setPagingDirectory(directory.resolve("paging").toString());
        config.setLargeMessagesDirectory(directory.resolve("large-messages").toString());
        config.setNodeManagerLockDirectory(directory.resolve("lock").toString());
        String store;
        switch (variant) {
            case JDBC -> {
                DatabaseStorageConfiguration database = new DatabaseStorageConfiguration();
                database.setJdbcConnectionUrl(jdbcUrl);
                database.setJdbcDriverClassName("org.postgresql.Driver");
                if (user != null) {
                    database.setJdbcUser(user);
                }
                if (password != null) {
                    database.setJdbcPassword(password);
                }
                database.setBindingsTableName(JDBC_TABLES.get(0));
                database.setMessageTableName(JDBC_TABLES.get(1));
                database.setLargeMessageTableName(JDBC_TABLES.get(2));
                database.setPageStoreTableName(JDBC_TABLES.get(3));
                database.setNodeManagerStoreTableName(JDBC_TABLES.get(4));
                config.setStoreConfiguration(database);
                store = "JDBC store on PostgreSQL (sync period " + database.getJdbcJournalSyncPeriodMillis() + " ms)";
            }
            case JOURNAL_DEFAULT -> store = journal(config);
            case JOURNAL_TUNED -> {
                config.setJournalBufferTimeout_NIO((int) bufferTimeoutNanos);
                config.setJournalBufferTimeout_AIO((int) bufferTimeoutNanos);
                store = journal(config);
            }
            default -> throw new IllegalStateException("Unknown variant " + variant);
        }
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(config);
        broker.start();
        ActiveMQServer server = broker.getActiveMQServer();
        if (!server.waitForActivation(30, java.util.concurrent.TimeUnit.SECONDS)) {
            broker.stop();
            throw new IllegalStateException("Artemis broker " + variant.column.id + " did not become active within"
                    + " 30 s (its log above says why)");
        }
        String description = "Artemis " + server.getVersion().getFullVersion() + ", " + store + ", tcp://127.0.0.1:"
                + port;
        LOG.info("Started {}", description);
        return new ArtemisTarget(variant, broker, "tcp://127.0.0.1:" + port, description);
    }

    private static String journal(Configuration config) {
        boolean aio = config.getJournalType() == org.apache.activemq.artemis.core.server.JournalType.ASYNCIO
                && AIOSequentialFileFactory.isSupported();
        int timeout = aio ? config.getJournalBufferTimeout_AIO() : config.getJournalBufferTimeout_NIO();
        return "file journal " + (aio ? "ASYNCIO" : "NIO" + (AIOSequentialFileFactory.isSupported() ? ""
                : " (libaio is not installed, so ASYNCIO falls back to NIO)"))
                + ", buffer timeout " + timeout / 1000 + " us";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    String description() {
        return description;
    }

    String version() {
        return broker.getActiveMQServer().getVersion().getFullVersion();
    }

    @Override
    public Column column() {
        return variant.column;
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
        ActiveMQServer server = broker.getActiveMQServer();
        List<String> addresses = new ArrayList<>(queues);
        addresses.addAll(topics);
        for (String address : addresses) {
            SimpleString name = SimpleString.of(address);
            try {
                if (server.getAddressInfo(name) != null) {
                    server.removeAddressInfo(name, null, true);
                }
            } catch (Exception e) {
                LOG.warn("{}: could not remove address {} after its trial; its messages stay in memory",
                        variant.column.id, address, e);
            }
        }
    }

    @Override
    public void close() {
        factory.close();
        try {
            broker.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Artemis broker " + variant.column.id + " did not stop", e);
        }
    }
}
