package dev.sluice.server.soak;

import dev.sluice.jms.SluiceConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;

/**
 * A consumer process of the chaos soak: a MessageListener (AUTO_ACKNOWLEDGE) on queue "soak" over the URL args[0]
 * that appends "R id redelivered deliveryCount" to the file args[1] for every message, before it is acknowledged.
 * Runs until killed.
 */
public final class SoakConsumerMain {

    private SoakConsumerMain() {
    }

    public static void main(String[] args) throws Exception {
        SluiceConnectionFactory factory = new SluiceConnectionFactory(args[0]);
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
        Connection connection = factory.createConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createConsumer(session.createQueue("soak")).setMessageListener(message -> {
            try {
                out.println("R " + ((TextMessage) message).getText() + " " + message.getJMSRedelivered() + " "
                        + message.getIntProperty("JMSXDeliveryCount"));
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        connection.start();
        System.out.println("consuming");
        new CountDownLatch(1).await();
    }
}
