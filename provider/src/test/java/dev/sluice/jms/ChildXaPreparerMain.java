package dev.sluice.jms;

import jakarta.jms.MessageProducer;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import javax.transaction.xa.XAResource;

/**
 * A process that sends "prepared <global>" to queue args[1] in the XA branch (args[2], "b1") on the database of URL
 * args[0], prepares the branch, prints {@code prepared} and waits for ever: the test kills it there, as a crash
 * between a transaction manager's two phases would.
 */
public final class ChildXaPreparerMain {

    private ChildXaPreparerMain() {
    }

    public static void main(String[] args) throws Exception {
        SluiceXAConnectionFactory factory = new SluiceXAConnectionFactory(args[0]);
        XAConnection connection = factory.createXAConnection();
        XASession session = connection.createXASession();
        XAResource resource = session.getXAResource();
        TestXid xid = new TestXid(args[2], "b1");
        resource.start(xid, XAResource.TMNOFLAGS);
        MessageProducer producer = session.createProducer(session.createQueue(args[1]));
        producer.send(session.createTextMessage("prepared " + args[2]));
        resource.end(xid, XAResource.TMSUCCESS);
        if (resource.prepare(xid) != XAResource.XA_OK) {
            throw new IllegalStateException("the branch was not prepared");
        }
        System.out.println("prepared");
        Thread.currentThread().join();
    }
}
