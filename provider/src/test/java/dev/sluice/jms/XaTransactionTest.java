package dev.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.Await;
import dev.sluice.testing.ChildJvm;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.Timing;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XASession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The XAResource of Sluice's XA sessions, driven as a transaction manager drives it: two-phase and one-phase
 * commit, rollback before and after prepare (a message received in a rolled-back branch is delivered again at once),
 * recovery of a branch prepared by a process that was killed, joined
 * branches of two sessions, timeouts, XA protocol errors, and PostgreSQL without prepared transactions.
 */
@ExtendWith(PostgresExtension.class)
class XaTransactionTest {

    private static final long RECEIVE_MS = 10_000;
    private static TestDatabase db;
    private static SluiceXAConnectionFactory factory;
    private static XAConnection connection;

    @BeforeAll
    static void setUp(TestDatabase database) throws JMSException {
        db = database;
        factory = new SluiceXAConnectionFactory(JmsTestSupport.factory(db, "defaultPartitions=1").getUrl());
        connection = factory.createXAConnection();
    }

    @AfterAll
    static void tearDown() throws JMSException {
        connection.close();
    }

    private static List<String> receiveUpTo(Queue queue, String marker) {
        return JmsTestSupport.textsBefore(factory, queue, marker, RECEIVE_MS);
    }

    private static void assertDelivers(Queue queue, String... expected) {
        JmsTestSupport.assertDelivers(factory, queue, RECEIVE_MS, expected);
    }

    private static void send(XASession session, Queue queue, String text) throws JMSException {
        try (MessageProducer producer = session.createProducer(queue)) {
            producer.send(session.createTextMessage(text));
        }
    }

    @Test
    void twoPhaseCommitDeliversOnlyAfterTheCommit() throws Exception {
        XASession session = connection.createXASession();
        XAResource resource = session.getXAResource();
        Queue queue = session.createQueue("xa.two-phase");
        TestXid xid = new TestXid("two-phase", "b1");
        resource.start(xid, XAResource.TMNOFLAGS);
        send(session, queue, "one");
        send(session, queue, "two");
        resource.end(xid, XAResource.TMSUCCESS);
        assertThat(resource.prepare(xid)).isEqualTo(XAResource.XA_OK);
        assertThat(Arrays.stream(resource.recover(XAResource.TMSTARTRSCAN)).anyMatch(xid::sameAs)).isTrue();
        try (JMSContext plain = factory.createContext(); JMSConsumer consumer = plain.createConsumer(queue)) {
            assertThat(consumer.receiveNoWait()).as("prepared, not committed").isNull();
            resource.commit(xid, false);
            assertThat(consumer.receiveBody(String.class, RECEIVE_MS)).isEqualTo("one");
            assertThat(consumer.receiveBody(String.class, RECEIVE_MS)).isEqualTo("two");
        }
        assertThat(Arrays.stream(resource.recover(XAResource.TMSTARTRSCAN)).anyMatch(xid::sameAs)).isFalse();
        session.close();
    }

    @Test
    void onePhaseCommitAndRollbacksBeforeAndAfterPrepare() throws Exception {
        XASession session = connection.createXASession();
        XAResource resource = session.getXAResource();
        Queue queue = session.createQueue("xa.outcomes");
        TestXid onePhase = new TestXid("one-phase", "b1");
        resource.start(onePhase, XAResource.TMNOFLAGS);
        send(session, queue, "committed in one phase");
        resource.end(onePhase, XAResource.TMSUCCESS);
        resource.commit(onePhase, true);

        TestXid unprepared = new TestXid("rolled-back", "b1");
        resource.start(unprepared, XAResource.TMNOFLAGS);
        send(session, queue, "rolled back before prepare");
        resource.end(unprepared, XAResource.TMSUCCESS);
        resource.rollback(unprepared);

        TestXid prepared = new TestXid("rolled-back-prepared", "b1");
        resource.start(prepared, XAResource.TMNOFLAGS);
        send(session, queue, "rolled back after prepare");
        resource.end(prepared, XAResource.TMSUCCESS);
        assertThat(resource.prepare(prepared)).isEqualTo(XAResource.XA_OK);
        resource.rollback(prepared);

        TestXid failed = new TestXid("ended-with-tmfail", "b1");
        resource.start(failed, XAResource.TMNOFLAGS);
        send(session, queue, "ended with TMFAIL");
        resource.end(failed, XAResource.TMFAIL);
        assertThatThrownBy(() -> resource.prepare(failed)).isInstanceOf(XAException.class)
                .satisfies(e -> assertThat(((XAException) e).errorCode).isEqualTo(XAException.XA_RBROLLBACK));

        assertDelivers(queue, "committed in one phase");
        session.close();
    }

    @Test
    void aBranchWithoutWorkIsReadOnly() throws Exception {
        XASession session = connection.createXASession();
        XAResource resource = session.getXAResource();
        TestXid xid = new TestXid("read-only", "b1");
        resource.start(xid, XAResource.TMNOFLAGS);
        resource.end(xid, XAResource.TMSUCCESS);
        assertThat(resource.prepare(xid)).isEqualTo(XAResource.XA_RDONLY);
        session.close();
    }

    @Test
    void aReceivedMessageIsAcknowledgedByTheCommitAndRedeliveredAfterARollback() throws Exception {
        // leases last 30 s (the default), longer than the receive below waits: a rollback redelivers at once
        Queue queue;
        try (JMSContext plain = factory.createContext()) {
            queue = plain.createQueue("xa.receive");
            plain.createProducer().send(queue, "first");
            plain.createProducer().send(queue, "second");
        }
        XASession session = connection.createXASession();
        XAResource resource = session.getXAResource();
        connection.start();
        MessageConsumer consumer = session.createConsumer(queue);
        TestXid committed = new TestXid("receive-commit", "b1");
        resource.start(committed, XAResource.TMNOFLAGS);
        assertThat(consumer.receive(RECEIVE_MS).getBody(String.class)).isEqualTo("first");
        resource.end(committed, XAResource.TMSUCCESS);
        assertThat(resource.prepare(committed)).isEqualTo(XAResource.XA_OK);
        resource.commit(committed, false);

        TestXid rolledBack = new TestXid("receive-rollback", "b1");
        resource.start(rolledBack, XAResource.TMNOFLAGS);
        assertThat(consumer.receive(RECEIVE_MS).getBody(String.class)).isEqualTo("second");
        resource.end(rolledBack, XAResource.TMSUCCESS);
        assertThat(resource.prepare(rolledBack)).isEqualTo(XAResource.XA_OK);
        resource.rollback(rolledBack);
        session.close();

        try (JMSContext plain = factory.createContext(); JMSConsumer again = plain.createConsumer(queue)) {
            Message redelivered = again.receive(RECEIVE_MS);
            assertThat(redelivered).as("the message whose acknowledgement was rolled back").isNotNull();
            assertThat(redelivered.getBody(String.class)).isEqualTo("second");
            assertThat(redelivered.getJMSRedelivered()).isTrue();
            assertThat(again.receiveNoWait()).as("the committed one is gone").isNull();
        }
    }

    @Test
    void twoSessionsAreOneResourceManagerAndJoinOneBranch() throws Exception {
        XASession first = connection.createXASession();
        XAConnection other = factory.createXAConnection();
        XASession second = other.createXASession();
        XAResource firstResource = first.getXAResource();
        XAResource secondResource = second.getXAResource();
        assertThat(firstResource.isSameRM(secondResource)).isTrue();
        assertThat(firstResource.isSameRM(new OtherResource())).isFalse();

        Queue queue = first.createQueue("xa.joined-branch");
        TestXid xid = new TestXid("joined-branch", "b1");
        firstResource.start(xid, XAResource.TMNOFLAGS);
        secondResource.start(xid, XAResource.TMJOIN);
        send(first, queue, "from the first session");
        send(second, queue, "from the second session");
        firstResource.end(xid, XAResource.TMSUCCESS);
        assertThatThrownBy(() -> firstResource.prepare(xid)).as("the second session is still associated")
                .isInstanceOf(XAException.class)
                .satisfies(e -> assertThat(((XAException) e).errorCode).isEqualTo(XAException.XAER_PROTO));
        secondResource.end(xid, XAResource.TMSUCCESS);
        assertThat(secondResource.prepare(xid)).isEqualTo(XAResource.XA_OK);
        assertThat(receiveUpTo(queue, "before the commit")).isEmpty();
        firstResource.commit(xid, false);
        assertDelivers(queue, "from the first session", "from the second session");
        first.close();
        other.close();
    }

    @Test
    void aBranchPreparedByAKilledProcessIsRecoveredAndCompletedHere() throws Exception {
        String url = JmsTestSupport.factory(db, "defaultPartitions=1").getUrl();
        for (String outcome : List.of("commit", "rollback")) {
            String global = "killed-after-prepare-" + outcome;
            try (ChildJvm preparer = ChildJvm.start(ChildXaPreparerMain.class, url, "xa.recovered." + outcome,
                    global)) {
                preparer.awaitLine("prepared", Timing.seconds(60));
                preparer.kill();
            }
            XAResource resource = connection.createXASession().getXAResource();
            Xid recovered = Arrays.stream(resource.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN))
                    .filter(new TestXid(global, "b1")::sameAs).findFirst().orElse(null);
            assertThat(recovered).as("the dead process's prepared branch").isNotNull();
            Queue queue = connection.createSession().createQueue("xa.recovered." + outcome);
            if (outcome.equals("commit")) {
                resource.commit(recovered, false);
                assertDelivers(queue, "prepared " + global);
            } else {
                resource.rollback(recovered);
                assertThat(receiveUpTo(queue, "marker")).isEmpty();
            }
            assertThatThrownBy(() -> resource.commit(recovered, false)).as("completed already")
                    .isInstanceOf(XAException.class)
                    .satisfies(e -> assertThat(((XAException) e).errorCode).isEqualTo(XAException.XAER_NOTA));
        }
    }

    @Test
    void aBranchNotPreparedWithinItsTimeoutIsRolledBack() throws Exception {
        XASession session = connection.createXASession();
        XAResource resource = session.getXAResource();
        assertThat(resource.setTransactionTimeout(1)).isTrue();
        Queue queue = session.createQueue("xa.timeout");
        TestXid xid = new TestXid("timeout", "b1");
        resource.start(xid, XAResource.TMNOFLAGS);
        AtomicReference<JMSException> refused = new AtomicReference<>();
        Await.until(() -> {
            try {
                send(session, queue, "sent before the timeout");
                return false;
            } catch (JMSException e) {
                refused.set(e);
                return true;
            }
        }, Timing.seconds(30), () -> "sends were still accepted");
        assertThat(refused.get()).hasMessageContaining("timed out");
        assertThatThrownBy(() -> resource.end(xid, XAResource.TMSUCCESS)).isInstanceOf(XAException.class)
                .satisfies(e -> assertThat(((XAException) e).errorCode).isEqualTo(XAException.XA_RBTIMEOUT));
        assertThatThrownBy(() -> resource.prepare(xid)).isInstanceOf(XAException.class)
                .satisfies(e -> assertThat(((XAException) e).errorCode).isEqualTo(XAException.XA_RBTIMEOUT));
        assertThat(receiveUpTo(queue, "marker")).isEmpty();
        resource.setTransactionTimeout(0);
        session.close();
    }

    @Test
    void protocolErrorsAreRefusedWithTheirXaCodes() throws Exception {
        XASession session = connection.createXASession();
        XAResource resource = session.getXAResource();
        TestXid xid = new TestXid("protocol", "b1");
        assertThatThrownBy(() -> resource.prepare(xid)).isInstanceOf(XAException.class)
                .satisfies(e -> assertThat(((XAException) e).errorCode).isEqualTo(XAException.XAER_NOTA));
        assertThatThrownBy(() -> resource.end(xid, XAResource.TMSUCCESS)).isInstanceOf(XAException.class)
                .satisfies(e -> assertThat(((XAException) e).errorCode).isEqualTo(XAException.XAER_PROTO));
        resource.start(xid, XAResource.TMNOFLAGS);
        assertThatThrownBy(() -> resource.start(new TestXid("second", "b1"), XAResource.TMNOFLAGS))
                .isInstanceOf(XAException.class)
                .satisfies(e -> assertThat(((XAException) e).errorCode).isEqualTo(XAException.XAER_PROTO));
        XAResource other = connection.createXASession().getXAResource();
        assertThatThrownBy(() -> other.start(xid, XAResource.TMNOFLAGS)).isInstanceOf(XAException.class)
                .satisfies(e -> assertThat(((XAException) e).errorCode).isEqualTo(XAException.XAER_DUPID));
        assertThatThrownBy(() -> resource.commit(xid, false)).as("two-phase commit without prepare")
                .isInstanceOf(XAException.class)
                .satisfies(e -> assertThat(((XAException) e).errorCode).isEqualTo(XAException.XAER_PROTO));
        assertThatThrownBy(session::commit).isInstanceOf(TransactionInProgressException.class);
        assertThatThrownBy(session::rollback).isInstanceOf(TransactionInProgressException.class);
        assertThat(session.getTransacted()).isTrue();
        resource.end(xid, XAResource.TMSUCCESS);
        resource.rollback(xid);
        session.close();
    }

    @Test
    void xaContextSendsInItsBranchAndRefusesItsOwnCommit() throws Exception {
        try (XAJMSContext context = factory.createXAContext()) {
            assertThat(context.getContext()).isSameAs(context);
            assertThat(context.getTransacted()).isTrue();
            assertThatThrownBy(context::commit).isInstanceOf(TransactionInProgressRuntimeException.class)
                    .hasMessageContaining("XA");
            Queue queue = context.createQueue("xa.context");
            TestXid xid = new TestXid("context", "b1");
            XAResource resource = context.getXAResource();
            resource.start(xid, XAResource.TMNOFLAGS);
            context.createProducer().send(queue, "in the branch");
            resource.end(xid, XAResource.TMSUCCESS);
            context.createProducer().send(queue, "outside any branch");
            assertThat(receiveUpTo(queue, "marker")).containsExactly("outside any branch");
            resource.commit(xid, true);
            assertDelivers(queue, "in the branch");
        }
    }

    @Test
    void postgresWithoutPreparedTransactionsIsRefusedNamingTheSetting() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            // as sluice migrate would: a client only checks the schema
            dev.sluice.schema.SchemaMigration.migrate(url, "postgres", null);
            SluiceXAConnectionFactory noTwoPhase = new SluiceXAConnectionFactory(url);
            assertThatThrownBy(noTwoPhase::createXAConnection).isInstanceOf(JMSException.class)
                    .hasMessageContaining("max_prepared_transactions = 0")
                    .hasMessageContaining("postgresql.conf");
        }
    }

    /** A resource of some other resource manager. */
    private static final class OtherResource implements XAResource {
        @Override public void commit(Xid xid, boolean onePhase) { }
        @Override public void end(Xid xid, int flags) { }
        @Override public void forget(Xid xid) { }
        @Override public int getTransactionTimeout() { return 0; }
        @Override public boolean isSameRM(XAResource other) { return other == this; }
        @Override public int prepare(Xid xid) { return XA_OK; }
        @Override public Xid[] recover(int flag) { return new Xid[0]; }
        @Override public void rollback(Xid xid) { }
        @Override public boolean setTransactionTimeout(int seconds) { return true; }
        @Override public void start(Xid xid, int flags) { }
    }
}
