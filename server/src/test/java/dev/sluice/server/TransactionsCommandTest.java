package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.jms.SluiceXAConnectionFactory;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.MessageProducer;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code sluice transactions} shows the XA transactions Sluice prepared and nobody completed, and completes one by
 * hand: committed, its message is delivered; rolled back, it is not.
 */
@ExtendWith(PostgresExtension.class)
class TransactionsCommandTest {

    private static final Pattern GID = Pattern.compile("sluice:\\S+");

    private record HandMadeXid(String global) implements Xid {
        @Override
        public int getFormatId() {
            return 77;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return global.getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public byte[] getBranchQualifier() {
            return new byte[] {1};
        }
    }

    /** Sends {@code text} in an XA branch and prepares it, as an application dying right after would leave it. */
    private static void prepare(XAConnection connection, String queue, String text) throws Exception {
        XASession session = connection.createXASession();
        XAResource resource = session.getXAResource();
        Xid xid = new HandMadeXid(text);
        resource.start(xid, XAResource.TMNOFLAGS);
        try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            producer.send(session.createTextMessage(text));
        }
        resource.end(xid, XAResource.TMSUCCESS);
        assertThat(resource.prepare(xid)).isEqualTo(XAResource.XA_OK);
        session.close();
    }

    private static String onlyGid(InProcessRun run) {
        Matcher matcher = GID.matcher(run.out());
        assertThat(matcher.find()).as(run.toString()).isTrue();
        String gid = matcher.group();
        assertThat(matcher.find()).as("one prepared transaction: " + run).isFalse();
        return gid;
    }

    @Test
    void listsPreparedTransactionsAndCompletesThemByHand(TestDatabase db) throws Exception {
        String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "user=" + db.user()
                + (db.password() == null ? "" : "&password=" + db.password()) + "&defaultPartitions=1";
        SluiceXAConnectionFactory factory = new SluiceXAConnectionFactory(url);
        try (XAConnection connection = factory.createXAConnection();
             JMSContext plain = factory.createContext()) {
            assertThat(InProcessRun.sluice(db, "transactions").out()).contains("No prepared XA transactions");

            prepare(connection, "xa.by-hand", "left prepared, then committed");
            InProcessRun listed = InProcessRun.sluice(db, "transactions");
            assertThat(listed.exitCode()).as(listed.toString()).isZero();
            assertThat(listed.out()).contains("77").contains("1 prepared");
            String committed = onlyGid(listed);
            JMSConsumer consumer = plain.createConsumer(plain.createQueue("xa.by-hand"));
            assertThat(consumer.receiveNoWait()).isNull();
            InProcessRun commit = InProcessRun.sluice(db, "transactions", "--commit", committed);
            assertThat(commit.exitCode()).as(commit.toString()).isZero();
            assertThat(consumer.receiveBody(String.class, 10_000)).isEqualTo("left prepared, then committed");

            prepare(connection, "xa.by-hand", "left prepared, then rolled back");
            String rolledBack = onlyGid(InProcessRun.sluice(db, "transactions"));
            assertThat(InProcessRun.sluice(db, "transactions", "--rollback", rolledBack).exitCode()).isZero();
            assertThat(InProcessRun.sluice(db, "transactions").out()).contains("No prepared XA transactions");
            plain.createProducer().send(plain.createQueue("xa.by-hand"), "marker");
            assertThat(consumer.receiveBody(String.class, 10_000)).isEqualTo("marker");

            InProcessRun unknown = InProcessRun.sluice(db, "transactions", "--commit", rolledBack);
            assertThat(unknown.exitCode()).isEqualTo(SluiceCommand.EXIT_FAILURE);
            assertThat(unknown.err()).contains("Could not commit");
            InProcessRun notOurs = InProcessRun.sluice(db, "transactions", "--rollback", "x'; drop table y; --");
            assertThat(notOurs.exitCode()).isEqualTo(SluiceCommand.EXIT_FAILURE);
            assertThat(notOurs.err()).contains("is not the gid of a Sluice XA transaction");
        }
    }
}
