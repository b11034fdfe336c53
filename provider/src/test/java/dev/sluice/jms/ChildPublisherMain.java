package dev.sluice.jms;

import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

/**
 * A client process that publishes: connects with the URL in args[0], sends args[3] text messages {@code m0, m1, ...}
 * to the queue or topic args[2] (args[1] is {@code queue} or {@code topic}) from one transacted session, committing
 * every 100, prints {@code published <n>} and exits.
 */
public final class ChildPublisherMain {

    private ChildPublisherMain() {
    }

    public static void main(String[] args) throws Exception {
        SluiceConnectionFactory factory = new SluiceConnectionFactory(args[0]);
        int count = Integer.parseInt(args[3]);
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            Destination destination = "queue".equals(args[1]) ? session.createQueue(args[2])
                    : session.createTopic(args[2]);
            MessageProducer producer = session.createProducer(destination);
            for (int i = 0; i < count; i++) {
                producer.send(session.createTextMessage("m" + i));
                if (i % 100 == 99) {
                    session.commit();
                }
            }
            session.commit();
        }
        System.out.println("published " + count);
    }
}
