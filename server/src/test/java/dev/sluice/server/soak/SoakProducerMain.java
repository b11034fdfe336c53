package dev.sluice.server.soak;

import dev.sluice.jms.SluiceConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * A producer process of the chaos soak: sends args[3] persistent messages "args[2]-i" to queue "soak" at about
 * args[4] per second over the URL args[0], and appends to the file args[1] "S id" for every send that returned and
 * "F id" for every send that threw (its outcome is unknown). Reconnects after a failed send.
 */
public final class SoakProducerMain {

    private SoakProducerMain() {
    }

    public static void main(String[] args) throws Exception {
        SluiceConnectionFactory factory = new SluiceConnectionFactory(args[0]);
        String prefix = args[2];
        int count = Integer.parseInt(args[3]);
        long intervalNanos = 1_000_000_000L / Integer.parseInt(args[4]);
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
            Connection connection = null;
            Session session = null;
            MessageProducer producer = null;
            long next = System.nanoTime();
            for (int i = 0; i < count; i++) {
                String id = prefix + "-" + i;
                try {
                    if (connection == null) {
                        connection = factory.createConnection();
                        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                        producer = session.createProducer(session.createQueue("soak"));
                    }
                    producer.send(session.createTextMessage(id));
                    out.println("S " + id);
                } catch (JMSException e) {
                    out.println("F " + id);
                    close(connection);
                    connection = null;
                }
                next += intervalNanos;
                LockSupport.parkNanos(next - System.nanoTime());
            }
            close(connection);
            out.println("DONE");
        }
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException ignored) {
                // broken with the database; a new one is opened
            }
        }
    }
}
