package dev.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.ChildJvm;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.Timing;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.jms.TransactionInProgressException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JMSContext joined to the application's JDBC transaction ({@link SluiceTransactions#join}): the saved row and the
 * sent message commit together and roll back together, also when the application process dies before its commit;
 * a message received in the transaction is gone after the commit and delivered again after a rollback.
 */
@ExtendWith(PostgresExtension.class)
class JoinedTransactionTest {

    private static final long RECEIVE_MS = 10_000;
    private static TestDatabase db;
    private static SluiceConnectionFactory factory;

    @BeforeAll
    static void setUp(TestDatabase database) throws SQLException {
        db = database;
        factory = JmsTestSupport.factory(db, "leaseTimeoutMs=1000");
        try (Connection connection = application(); Statement statement = connection.createStatement()) {
            statement.execute("create table if not exists joined_order (id text primary key)");
            connection.commit();
        }
    }

    private static Connection application() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", db.user());
        if (db.password() != null) {
            properties.setProperty("password", db.password());
        }
        Connection connection = DriverManager.getConnection(db.jdbcUrl(), properties);
        connection.setAutoCommit(false);
        return connection;
    }

    private static void saveOrder(Connection connection, String id) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("insert into joined_order values ('" + id + "')");
        }
    }

    private static boolean orderSaved(String id) throws SQLException {
        try (Connection connection = application(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from joined_order where id = '" + id + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    /** Sends {@code marker} outside any joined transaction and returns what the queue delivers up to it. */
    private static java.util.List<String> receiveUpTo(JMSContext context, Queue queue, String marker) {
        return JmsTestSupport.textsBefore(factory, queue, marker, RECEIVE_MS);
    }

    @Test
    void commitSendsTheMessageWithTheRow() throws SQLException {
        try (JMSContext plain = factory.createContext(); Connection connection = application()) {
            Queue queue = plain.createQueue("orders.joined.commit");
            JMSConsumer consumer = plain.createConsumer(queue);
            saveOrder(connection, "o-1");
            JMSContext joined = SluiceTransactions.join(factory, connection);
            joined.createProducer().send(queue, "created o-1");
            assertThat(consumer.receiveNoWait()).as("before the application's commit").isNull();
            assertThat(orderSaved("o-1")).isFalse();
            connection.commit();
            assertThat(consumer.receiveBody(String.class, RECEIVE_MS)).isEqualTo("created o-1");
            assertThat(orderSaved("o-1")).isTrue();
            joined.close();
        }
    }

    @Test
    void rollbackDropsTheMessageWithTheRow() throws SQLException {
        try (JMSContext plain = factory.createContext(); Connection connection = application()) {
            Queue queue = plain.createQueue("orders.joined.rollback");
            saveOrder(connection, "o-2");
            try (JMSContext joined = SluiceTransactions.join(factory, connection)) {
                joined.createProducer().send(queue, "created o-2");
                connection.rollback();
            }
            assertThat(receiveUpTo(plain, queue, "marker")).isEmpty();
            assertThat(orderSaved("o-2")).isFalse();
        }
    }

    @Test
    void applicationKilledBeforeItsCommitLeavesNeitherRowNorMessage() throws SQLException {
        String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "user=" + db.user()
                + (db.password() == null ? "" : "&password=" + db.password());
        try (ChildJvm application = ChildJvm.start(ChildJoinedSenderMain.class, url, "o-3", "orders.joined.killed")) {
            application.awaitLine("saved, not committed", Timing.seconds(60));
            application.kill();
        }
        try (JMSContext plain = factory.createContext()) {
            assertThat(receiveUpTo(plain, plain.createQueue("orders.joined.killed"), "marker")).isEmpty();
        }
        assertThat(orderSaved("o-3")).isFalse();
    }

    @Test
    void receivedMessageIsGoneAfterTheCommitAndBackAfterARollback() throws SQLException {
        try (JMSContext plain = factory.createContext(); Connection connection = application();
             JMSContext joined = SluiceTransactions.join(factory, connection)) {
            Queue queue = plain.createQueue("orders.joined.receive");
            plain.createProducer().send(queue, "first");
            plain.createProducer().send(queue, "second");
            try (JMSConsumer consumer = joined.createConsumer(queue)) {
                assertThat(consumer.receiveBody(String.class, RECEIVE_MS)).isEqualTo("first");
                saveOrder(connection, "o-4");
                connection.commit();
                assertThat(consumer.receiveBody(String.class, RECEIVE_MS)).isEqualTo("second");
                connection.rollback();
            }
            try (JMSConsumer again = plain.createConsumer(queue)) {
                jakarta.jms.Message redelivered = again.receive(RECEIVE_MS);
                assertThat(redelivered).as("the message whose acknowledgement was rolled back").isNotNull();
                assertThat(redelivered.getBody(String.class)).isEqualTo("second");
                assertThat(redelivered.getJMSRedelivered()).isTrue();
                assertThat(again.receiveNoWait()).as("the committed one is gone").isNull();
            } catch (jakarta.jms.JMSException e) {
                throw new AssertionError(e);
            }
            assertThat(orderSaved("o-4")).isTrue();
        }
    }

    @Test
    void aConnectionToAnotherDatabaseIsRefusedNamingSluicesDatabase() throws SQLException {
        dev.sluice.testing.TestDatabase other = dev.sluice.testing.TestPostgres.get().createEmptyDatabase("NotSluice");
        try (Connection connection = other.connect()) {
            connection.setAutoCommit(false);
            try (JMSContext joined = SluiceTransactions.join(factory, connection)) {
                assertThatThrownBy(() -> joined.createProducer().send(joined.createQueue("orders.elsewhere"), "x"))
                        .isInstanceOf(jakarta.jms.JMSRuntimeException.class)
                        .hasMessageContaining("not on Sluice's database");
            }
        }
    }

    @Test
    void joinedContextRefusesItsOwnCommitAndRollback() throws SQLException {
        try (Connection connection = application(); JMSContext joined = SluiceTransactions.join(factory, connection)) {
            assertThat(joined.getTransacted()).isTrue();
            assertThatThrownBy(joined::commit).isInstanceOf(jakarta.jms.TransactionInProgressRuntimeException.class)
                    .hasMessageContaining("joined to the application's JDBC transaction");
            assertThatThrownBy(joined::rollback)
                    .isInstanceOf(jakarta.jms.TransactionInProgressRuntimeException.class);
        }
    }
}
