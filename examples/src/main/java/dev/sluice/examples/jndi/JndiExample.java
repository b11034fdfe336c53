package dev.sluice.examples.jndi;

import dev.sluice.examples.ExampleDatabase;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.PrintStream;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Fire-and-forget with a plain JMS program: {@link #run} knows only {@code jakarta.jms} and JNDI, and everything
 * Sluice-specific is in {@code jndi.properties}. A sender sends three orders to a queue and closes its connection
 * without waiting for anyone; a receiver that connects afterwards gets them from the queue. On a topic, which keeps
 * a message only for the subscribers it has when the message is published, the subscriber comes first.
 *
 * <p>{@code main [--url JDBC_URL] [WORK_DIR]}: the PostgreSQL at the URL (user and password as its parameters),
 * or the embedded one with its data in {@code WORK_DIR/postgres} (default {@code jndi-example}). Only the URL of
 * {@code jndi.properties} is replaced, through the {@code java.naming.provider.url} system property.
 */
public final class JndiExample {

    private static final long RECEIVE_TIMEOUT_MS = 10_000;

    private JndiExample() {
    }

    public static void main(String[] args) throws NamingException, JMSException {
        try (ExampleDatabase database = ExampleDatabase.open(args, "jndi-example")) {
            if (database.user() != null || database.password() != null) {
                throw new IllegalArgumentException("JNDI takes the login from the URL: --url "
                        + "'jdbc:postgresql://host:port/database?user=USER&password=PASSWORD'");
            }
            System.setProperty(Context.PROVIDER_URL, database.url());
            run(System.out);
        }
    }

    /** The plain JMS program: looks everything up in JNDI, sends and receives, prints what was delivered. */
    public static void run(PrintStream out) throws NamingException, JMSException {
        InitialContext naming = new InitialContext();
        ConnectionFactory factory = (ConnectionFactory) naming.lookup("ConnectionFactory");
        Queue orders = (Queue) naming.lookup("orders");
        Topic prices = (Topic) naming.lookup("prices");
        naming.close();

        try (Connection sender = factory.createConnection()) {
            Session session = sender.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(orders);
            for (int order = 1001; order <= 1003; order++) {
                // returns once the message is stored: the sender needs no receiver to be there
                producer.send(session.createTextMessage("order #" + order));
            }
            out.println("sender sent 3 orders to queue " + orders.getQueueName() + " and closed its connection");
        }

        try (Connection receiver = factory.createConnection()) {
            receiver.start();
            Session session = receiver.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(orders);
            for (int i = 0; i < 3; i++) {
                out.println("queue " + orders.getQueueName() + " delivered: "
                        + text((TextMessage) consumer.receive(RECEIVE_TIMEOUT_MS)));
            }

            MessageConsumer subscriber = session.createConsumer(prices);
            MessageProducer publisher = session.createProducer(prices);
            publisher.send(session.createTextMessage("EUR/USD 1.0842"));
            out.println("topic " + prices.getTopicName() + " delivered: "
                    + text((TextMessage) subscriber.receive(RECEIVE_TIMEOUT_MS)));
        }
    }

    private static String text(TextMessage message) throws JMSException {
        return message == null ? "(nothing within " + RECEIVE_TIMEOUT_MS + " ms)" : message.getText();
    }
}
