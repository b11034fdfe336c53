package dev.sluice.jms;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.concurrent.CountDownLatch;

/**
 * A client process for crash tests: connects with the URL in args[0], optionally claims the client ID args[3],
 * receives args[2] messages from queue args[1] in CLIENT_ACKNOWLEDGE mode without acknowledging them, prints
 * what it got, then waits to be killed.
 */
public final class ChildConsumerMain {

    private ChildConsumerMain() {
    }

    public static void main(String[] args) throws Exception {
        SluiceConnectionFactory factory = new SluiceConnectionFactory(args[0]);
        Connection connection = factory.createConnection();
        if (args.length > 3) {
            connection.setClientID(args[3]);
            System.out.println("claimed " + args[3]);
        }
        connection.start();
        Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue(args[1]));
        int wanted = Integer.parseInt(args[2]);
        for (int i = 0; i < wanted; i++) {
            Message message = consumer.receive(30_000);
            System.out.println("got " + ((TextMessage) message).getText());
        }
        System.out.println("received " + wanted);
        new CountDownLatch(1).await();
    }
}
