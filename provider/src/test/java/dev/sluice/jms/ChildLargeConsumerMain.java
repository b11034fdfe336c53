package dev.sluice.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

/**
 * A consumer process with a small heap (see {@link dev.sluice.testing.ChildJvm}) for the memory-bound test:
 * connects with the URL in args[0], receives args[2] BytesMessages from queue args[1] with the default prefetch,
 * and prints each one's size, then "drained N".
 */
public final class ChildLargeConsumerMain {

    private ChildLargeConsumerMain() {
    }

    public static void main(String[] args) throws Exception {
        SluiceConnectionFactory factory = new SluiceConnectionFactory(args[0]);
        int wanted = Integer.parseInt(args[2]);
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(args[1]));
            for (int i = 0; i < wanted; i++) {
                Message message = consumer.receive(60_000);
                if (message == null) {
                    System.out.println("nothing after " + i);
                    System.exit(2);
                }
                System.out.println("got " + ((BytesMessage) message).getBodyLength() + " bytes, heap max "
                        + Runtime.getRuntime().maxMemory());
            }
            System.out.println("drained " + wanted);
        }
    }
}
