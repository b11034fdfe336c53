package dev.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ChildJvm;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.TestPostgres;
import dev.sluice.testing.Timing;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.jms.XAConnection;
import jakarta.transaction.TransactionManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.transaction.xa.XAResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sluice under a real transaction manager, Narayana: a JMS send on Sluice and an insert on another database in one
 * XA transaction commit together and roll back together; an application process killed between the two phases
 * (after its log record, or before it) leaves both branches prepared, and Narayana's recovery in a new process
 * then commits both or rolls both back.
 */
@ExtendWith(PostgresExtension.class)
class NarayanaXaTest {

    private static final long RECEIVE_MS = 10_000;
    private static TestDatabase db;
    private static TestDatabase ordersDb;
    private static String sluiceUrl;
    private static String ordersUrl;
    private static Path narayanaLog;
    private static SluiceXAConnectionFactory factory;
    private static XAConnection jms;
    private static javax.sql.XAConnection orders;

    @BeforeAll
    static void setUp(TestDatabase database) throws Exception {
        db = database;
        ordersDb = TestPostgres.get().createDatabase("NarayanaOrders");
        sluiceUrl = withLogin(db, "defaultPartitions=1");
        ordersUrl = withLogin(ordersDb);
        try (Connection connection = DriverManager.getConnection(ordersUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("create table orders (id text primary key)");
        }
        narayanaLog = Files.createTempDirectory("narayana-log");
        NarayanaSupport.configure(narayanaLog);
        factory = new SluiceXAConnectionFactory(sluiceUrl);
        jms = factory.createXAConnection();
        orders = NarayanaSupport.ordersDataSource(ordersUrl).getXAConnection();
    }

    @AfterAll
    static void tearDown() throws Exception {
        jms.close();
        orders.close();
    }

    private static String withLogin(TestDatabase database, String... settings) {
        StringBuilder url = new StringBuilder(database.jdbcUrl()).append(database.jdbcUrl().contains("?") ? "&" : "?")
                .append("user=").append(database.user());
        if (database.password() != null) {
            url.append("&password=").append(database.password());
        }
        for (String setting : settings) {
            url.append('&').append(setting);
        }
        return url.toString();
    }

    private static boolean orderSaved(String id) throws Exception {
        try (Connection connection = DriverManager.getConnection(ordersUrl);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select count(*) from orders where id = '" + id + "'")) {
            result.next();
            return result.getInt(1) == 1;
        }
    }

    private static int preparedIn(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "select count(*) from pg_prepared_xacts where database = current_database()")) {
            result.next();
            return result.getInt(1);
        }
    }

    private static List<String> receiveUpTo(String queueName) {
        return JmsTestSupport.textsBefore(factory, new SluiceQueue(queueName), "marker", RECEIVE_MS);
    }

    private static void assertDelivers(String queueName, String... expected) {
        JmsTestSupport.assertDelivers(factory, new SluiceQueue(queueName), RECEIVE_MS, expected);
    }

    @Test
    void sendAndInsertCommitTogether() throws Exception {
        TransactionManager manager = com.arjuna.ats.jta.TransactionManager.transactionManager();
        manager.begin();
        NarayanaSupport.saveAndSend(manager, jms.createXASession(), orders, "narayana.commit", "n-1", null, null);
        manager.commit();
        assertThat(orderSaved("n-1")).isTrue();
        assertDelivers("narayana.commit", "order n-1");
    }

    @Test
    void sendAndInsertRollBackTogether() throws Exception {
        TransactionManager manager = com.arjuna.ats.jta.TransactionManager.transactionManager();
        manager.begin();
        NarayanaSupport.saveAndSend(manager, jms.createXASession(), orders, "narayana.rollback", "n-2", null, null);
        manager.rollback();
        manager.begin();
        NarayanaSupport.saveAndSend(manager, jms.createXASession(), orders, "narayana.rollback", "n-3", null, null);
        manager.setRollbackOnly();
        try {
            manager.commit();
        } catch (jakarta.transaction.RollbackException expected) {
            // rolled back, as marked
        }
        assertThat(orderSaved("n-2")).isFalse();
        assertThat(orderSaved("n-3")).isFalse();
        assertThat(receiveUpTo("narayana.rollback")).isEmpty();
    }

    @Test
    void killedAfterItsCommitDecisionRecoveryCommitsBoth() throws Exception {
        killInPhaseThenRecover("commit", "n-4");
        assertThat(orderSaved("n-4")).isTrue();
        assertDelivers("narayana.killed.commit", "order n-4");
    }

    @Test
    void killedBeforeItsCommitDecisionRecoveryRollsBothBack() throws Exception {
        killInPhaseThenRecover("prepare", "n-5");
        assertThat(orderSaved("n-5")).isFalse();
        assertThat(receiveUpTo("narayana.killed.prepare")).isEmpty();
    }

    private static void killInPhaseThenRecover(String phase, String id) throws Exception {
        try (ChildJvm application = ChildJvm.start(ChildNarayanaMain.class, sluiceUrl, ordersUrl,
                narayanaLog.toString(), "stop-in", phase, "narayana.killed." + phase, id)) {
            application.awaitLine("stopped in " + phase, Timing.seconds(90));
            application.kill();
        }
        assertThat(jms.createXASession().getXAResource().recover(XAResource.TMSTARTRSCAN))
                .as("Sluice's branch, prepared").isNotEmpty();
        assertThat(preparedIn(ordersUrl)).as("the orders database's branch, prepared").isEqualTo(1);
        try (ChildJvm recovery = ChildJvm.start(ChildNarayanaMain.class, sluiceUrl, ordersUrl,
                narayanaLog.toString(), "recover")) {
            recovery.awaitLine("recovered", Timing.seconds(120));
        }
        assertThat(preparedIn(ordersUrl)).isZero();
        assertThat(jms.createXASession().getXAResource().recover(XAResource.TMSTARTRSCAN)).isEmpty();
    }
}
