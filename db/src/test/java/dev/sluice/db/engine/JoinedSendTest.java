package dev.sluice.db.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.log.Destination;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.log.LogStore;
import dev.sluice.db.log.MessageRecord;
import dev.sluice.db.log.StoredMessage;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sends inside the application's own JDBC transaction: the message and the application's row become visible
 * together when the application commits (the engine publishes the pending message on the commit's notification),
 * and neither exists after a rollback or after the application's connection died before its commit.
 */
@ExtendWith(PostgresExtension.class)
class JoinedSendTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static TestDatabase database;
    private static Engine engine;
    private static LogStore log;

    @BeforeAll
    static void open(TestDatabase db) throws SQLException {
        database = db;
        engine = Engine.open(DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user()).password(db.password())
                .build(), "joined-send-test");
        log = new LogStore(engine.database().jdbi());
        try (Connection connection = applicationConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create table if not exists joined_send_order (id text primary key)");
            connection.commit();
        }
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static Connection applicationConnection() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", database.user());
        properties.setProperty("password", database.password());
        Connection connection = DriverManager.getConnection(database.jdbcUrl(), properties);
        connection.setAutoCommit(false);
        return connection;
    }

    private static MessageRecord order(String id) {
        return new MessageRecord("ID:" + id, null, null, null, 4, true, System.currentTimeMillis(), 0, 0, null,
                "joined-producer", "{\"order\": \"" + id + "\"}", null, 1, id.getBytes(StandardCharsets.UTF_8));
    }

    private static void saveOrderAndSend(Connection connection, Destination queue, String id) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("insert into joined_send_order values ('" + id + "')");
        }
        engine.sendInto(connection, queue.id(), 0, List.of(order(id)), true);
    }

    private static boolean orderSaved(String id) throws SQLException {
        try (Connection connection = applicationConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from joined_send_order where id = '" + id + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    private static int pendingCount() throws SQLException {
        try (Connection connection = applicationConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from sluice.pending_message")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static List<String> bodies(Destination queue) {
        return log.read(queue.id(), 0, 0, 100).stream()
                .map(StoredMessage::record)
                .map(record -> new String(record.body(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void commitMakesTheRowAndTheMessageVisibleTogether() throws SQLException {
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "joined.commit", 1);
        try (Connection connection = applicationConnection()) {
            saveOrderAndSend(connection, queue, "order-1");
            engine.publishPending();
            assertThat(orderSaved("order-1")).as("row before the commit").isFalse();
            assertThat(bodies(queue)).as("log before the commit").isEmpty();
            connection.commit();
        }
        assertThat(orderSaved("order-1")).isTrue();
        // No explicit publication: the commit's notification makes the engine publish it.
        Await.until(() -> bodies(queue).equals(List.of("order-1")), DEADLINE,
                () -> "the committed message in the log, found " + bodies(queue));
        assertThat(log.read(queue.id(), 0, 0, 1).get(0).offset()).isZero();
    }

    @Test
    void rollbackLeavesNeitherRowNorMessage() throws SQLException {
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "joined.rollback", 1);
        try (Connection connection = applicationConnection()) {
            saveOrderAndSend(connection, queue, "order-2");
            connection.rollback();
        }
        engine.publishPending();
        assertThat(orderSaved("order-2")).isFalse();
        assertThat(bodies(queue)).isEmpty();
        assertThat(log.nextOffset(queue.id(), 0)).isZero();
    }

    @Test
    void connectionLostBeforeTheCommitLeavesNeitherRowNorMessage() throws SQLException {
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "joined.lost", 1);
        try (Connection connection = applicationConnection()) {
            saveOrderAndSend(connection, queue, "order-3");
            int pid;
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("select pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            // What the death of the application's process does to its transaction: the server ends the session.
            try (Connection admin = applicationConnection(); Statement statement = admin.createStatement()) {
                statement.execute("select pg_terminate_backend(" + pid + ")");
            }
        }
        engine.publishPending();
        assertThat(orderSaved("order-3")).isFalse();
        assertThat(bodies(queue)).isEmpty();
    }

    @Test
    void anOpenApplicationTransactionDoesNotHoldUpOtherSenders() throws SQLException {
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "joined.open", 1);
        try (Connection connection = applicationConnection()) {
            saveOrderAndSend(connection, queue, "slow");
            engine.append(queue.id(), 0, order("quick")).join();
            assertThat(bodies(queue)).containsExactly("quick");
            connection.commit();
        }
        Await.until(() -> bodies(queue).equals(List.of("quick", "slow")), DEADLINE,
                () -> "both messages in commit order, found " + bodies(queue));
        Await.until(() -> {
            try {
                return pendingCount() == 0;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, DEADLINE, () -> "no pending message left");
    }
}
