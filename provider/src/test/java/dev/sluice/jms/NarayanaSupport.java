package dev.sluice.jms;

import com.arjuna.ats.arjuna.common.CoreEnvironmentBean;
import com.arjuna.ats.arjuna.common.ObjectStoreEnvironmentBean;
import com.arjuna.ats.arjuna.common.RecoveryEnvironmentBean;
import com.arjuna.ats.jta.common.JTAEnvironmentBean;
import com.arjuna.common.internal.util.propertyservice.BeanPopulator;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.XASession;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.io.Serializable;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.XAConnection;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.postgresql.xa.PGXADataSource;

/**
 * Narayana set up as an application would run it, for the XA tests: its log in a given folder, one node name, and
 * the unit of work they all do: a JMS send on Sluice and an insert into {@code orders} on another database, in one
 * XA transaction.
 */
final class NarayanaSupport {

    static final String NODE = "sluice-test";

    private NarayanaSupport() {
    }

    /** Must run before Narayana is first used in the JVM. */
    static void configure(Path logFolder) {
        for (String store : List.of("default", "communicationStore", "stateStore")) {
            ObjectStoreEnvironmentBean bean = store.equals("default")
                    ? BeanPopulator.getDefaultInstance(ObjectStoreEnvironmentBean.class)
                    : BeanPopulator.getNamedInstance(ObjectStoreEnvironmentBean.class, store);
            bean.setObjectStoreDir(logFolder.toString());
        }
        try {
            BeanPopulator.getDefaultInstance(CoreEnvironmentBean.class).setNodeIdentifier(NODE);
        } catch (com.arjuna.ats.arjuna.common.CoreEnvironmentBeanException e) {
            throw new IllegalStateException(e);
        }
        JTAEnvironmentBean jta = BeanPopulator.getDefaultInstance(JTAEnvironmentBean.class);
        jta.setXaRecoveryNodes(List.of(NODE));
        jta.setOrphanSafetyInterval(0);
        RecoveryEnvironmentBean recovery = BeanPopulator.getDefaultInstance(RecoveryEnvironmentBean.class);
        recovery.setRecoveryBackoffPeriod(1);
        recovery.setRecoveryListener(false);
    }

    /** The XA data source of the orders database, of PgJDBC. */
    static PGXADataSource ordersDataSource(String url) {
        PGXADataSource dataSource = new PGXADataSource();
        dataSource.setUrl(url);
        return dataSource;
    }

    /**
     * Sends "order <id>" to {@code queue} on {@code sluice} and inserts the order on {@code orders}, in the current
     * transaction of {@code manager}, enlisting {@code extra} resources before or after the two (null: none).
     */
    static void saveAndSend(TransactionManager manager, XASession sluice, XAConnection orders, String queue,
                            String id, XAResource enlistedFirst, XAResource enlistedLast)
            throws Exception {
        Transaction transaction = manager.getTransaction();
        if (enlistedFirst != null) {
            transaction.enlistResource(enlistedFirst);
        }
        transaction.enlistResource(sluice.getXAResource());
        transaction.enlistResource(orders.getXAResource());
        if (enlistedLast != null) {
            transaction.enlistResource(enlistedLast);
        }
        try (MessageProducer producer = sluice.createProducer(sluice.createQueue(queue))) {
            producer.send(sluice.createTextMessage("order " + id));
        } catch (JMSException e) {
            throw e;
        }
        try (Statement statement = orders.getConnection().createStatement()) {
            statement.executeUpdate("insert into orders values ('" + id + "')");
        } catch (SQLException e) {
            throw e;
        }
    }

    /**
     * A resource of its own resource manager that stops its process's transaction in the phase it is armed for, by
     * printing a line and waiting for ever there (the test kills the process). Serializable, so that Narayana logs
     * it and its recovery, in another process where it is not armed, completes it.
     */
    static final class StopInPhase implements XAResource, Serializable {

        private static final long serialVersionUID = 1L;
        static volatile String armedPhase;

        private void maybeStop(String phase) {
            if (phase.equals(armedPhase)) {
                System.out.println("stopped in " + phase);
                System.out.flush();
                try {
                    Thread.currentThread().join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public int prepare(Xid xid) {
            maybeStop("prepare");
            return XA_OK;
        }

        @Override
        public void commit(Xid xid, boolean onePhase) {
            maybeStop("commit");
        }

        @Override
        public void rollback(Xid xid) {
        }

        @Override
        public void start(Xid xid, int flags) {
        }

        @Override
        public void end(Xid xid, int flags) {
        }

        @Override
        public void forget(Xid xid) {
        }

        @Override
        public Xid[] recover(int flag) {
            return new Xid[0];
        }

        @Override
        public boolean isSameRM(XAResource other) {
            return other == this;
        }

        @Override
        public int getTransactionTimeout() {
            return 0;
        }

        @Override
        public boolean setTransactionTimeout(int seconds) {
            return false;
        }
    }
}
