package dev.sluice.jms;

import jakarta.jms.Connection;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import java.util.concurrent.CountDownLatch;

/**
 * A client process that owns a temporary queue: connects with the URL in args[0], creates a temporary queue, prints
 * {@code temporary <address>} (see {@link SluiceDestination#toAddress()}), then waits to be killed.
 */
public final class ChildTemporaryQueueMain {

    private ChildTemporaryQueueMain() {
    }

    public static void main(String[] args) throws Exception {
        SluiceConnectionFactory factory = new SluiceConnectionFactory(args[0]);
        Connection connection = factory.createConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryQueue queue = session.createTemporaryQueue();
        session.createConsumer(queue);
        System.out.println("temporary " + ((SluiceDestination) queue).toAddress());
        new CountDownLatch(1).await();
    }
}
