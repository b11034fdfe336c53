package dev.sluice.examples.durable;

import dev.sluice.examples.ExampleDatabase;
import dev.sluice.jms.SluiceConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Topic;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A durable subscriber that was offline while prices were published: it subscribes, goes away, and when it comes
 * back with the same client ID and subscription name it receives everything it missed: the subscription, not the
 * consumer, keeps the messages, where a non-durable subscriber would have missed them. At the end the subscriber
 * unsubscribes, which deletes the subscription and whatever it still held.
 *
 * <p>{@code main [--url JDBC_URL [--user USER] [--password PASSWORD]] [WORK_DIR]}: see {@link ExampleDatabase}.
 */
public final class DurableSubscriberExample {

    static final String TOPIC = "examples.durable.prices";
    static final String CLIENT_ID = "examples-price-audit";
    static final String SUBSCRIPTION = "audit";
    private static final long RECEIVE_TIMEOUT_MS = 10_000;

    private DurableSubscriberExample() {
    }

    public static void main(String[] args) {
        try (ExampleDatabase database = ExampleDatabase.open(args, "durable-subscriber-example")) {
            run(database.url(), database.user(), database.password(), System.out);
        }
    }

    /** Subscribes, goes offline, publishes, reconnects; returns the prices received after reconnecting. */
    public static List<String> run(String jdbcUrl, String user, String password, PrintStream out) {
        SluiceConnectionFactory factory = new SluiceConnectionFactory(jdbcUrl);
        factory.setUser(user);
        factory.setPassword(password);

        try (JMSContext subscriber = factory.createContext()) {
            subscriber.setClientID(CLIENT_ID);
            subscriber.createDurableConsumer(subscriber.createTopic(TOPIC), SUBSCRIPTION).close();
        }
        out.println("Subscriber '" + CLIENT_ID + "' created durable subscription '" + SUBSCRIPTION + "' on topic "
                + TOPIC + ", then disconnected");

        try (JMSContext publisher = factory.createContext()) {
            Topic prices = publisher.createTopic(TOPIC);
            for (String price : new String[] {"EURUSD 1.0871", "GBPUSD 1.2702", "USDJPY 151.38"}) {
                publisher.createProducer().send(prices, price);
                out.println("Published while the subscriber was offline: " + price);
            }
        }

        List<String> received = new ArrayList<>();
        try (JMSContext subscriber = factory.createContext()) {
            subscriber.setClientID(CLIENT_ID);
            try (JMSConsumer consumer = subscriber.createDurableConsumer(subscriber.createTopic(TOPIC),
                    SUBSCRIPTION)) {
                out.println("Subscriber '" + CLIENT_ID + "' reconnected to subscription '" + SUBSCRIPTION + "'");
                for (int i = 0; i < 3; i++) {
                    String price = consumer.receiveBody(String.class, RECEIVE_TIMEOUT_MS);
                    if (price == null) {
                        out.println("Nothing more within " + RECEIVE_TIMEOUT_MS + " ms");
                        break;
                    }
                    received.add(price);
                    out.println("Received what it missed: " + price);
                }
            }
            // only a subscription without an active consumer can be deleted
            subscriber.unsubscribe(SUBSCRIPTION);
            out.println("Unsubscribed: subscription '" + SUBSCRIPTION + "' is deleted");
        }
        return received;
    }
}
