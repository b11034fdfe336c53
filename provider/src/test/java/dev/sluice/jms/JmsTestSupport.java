package dev.sluice.jms;

import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.List;

/** Connection factories for provider tests: the test database's URL plus Sluice settings. */
public final class JmsTestSupport {

    private JmsTestSupport() {
    }

    /** A factory for {@code db} with extra URL parameters such as {@code "leaseTimeoutMs=2000"}. */
    public static SluiceConnectionFactory factory(TestDatabase db, String... parameters) {
        StringBuilder url = new StringBuilder(db.jdbcUrl());
        for (String parameter : parameters) {
            url.append(url.indexOf("?") < 0 ? '?' : '&').append(parameter);
        }
        SluiceConnectionFactory factory = new SluiceConnectionFactory(url.toString());
        factory.setUser(db.user());
        factory.setPassword(db.password());
        return factory;
    }

    /** Receives until {@code count} messages arrived or a receive waited {@code timeoutMs} in vain. */
    public static List<String> receiveTexts(MessageConsumer consumer, int count, long timeoutMs)
            throws JMSException {
        List<String> texts = new ArrayList<>();
        while (texts.size() < count) {
            Message message = consumer.receive(timeoutMs);
            if (message == null) {
                break;
            }
            texts.add(((TextMessage) message).getText());
        }
        return texts;
    }

    /**
     * What {@code queue} delivers before {@code marker}, which this sends outside any transaction: on a queue of
     * one partition, whatever was in it before the marker.
     */
    public static List<String> textsBefore(ConnectionFactory factory, jakarta.jms.Queue queue, String marker,
                                           long timeoutMs) {
        try (jakarta.jms.JMSContext plain = factory.createContext()) {
            plain.createProducer().send(queue, marker);
            List<String> texts = new ArrayList<>();
            try (jakarta.jms.JMSConsumer consumer = plain.createConsumer(queue)) {
                while (true) {
                    String text = consumer.receiveBody(String.class, timeoutMs);
                    org.assertj.core.api.Assertions.assertThat(text)
                            .as("a message before the marker, after " + texts).isNotNull();
                    if (text.equals(marker)) {
                        return texts;
                    }
                    texts.add(text);
                }
            }
        }
    }

    /**
     * Receives exactly {@code expected} from {@code queue} (in any order, each within {@code timeoutMs}), then
     * nothing more: for messages that enter the log a moment after a commit returns.
     */
    public static void assertDelivers(ConnectionFactory factory, jakarta.jms.Queue queue, long timeoutMs,
                                      String... expected) {
        try (jakarta.jms.JMSContext plain = factory.createContext();
             jakarta.jms.JMSConsumer consumer = plain.createConsumer(queue)) {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < expected.length; i++) {
                String text = consumer.receiveBody(String.class, timeoutMs);
                org.assertj.core.api.Assertions.assertThat(text)
                        .as("message " + (i + 1) + " of " + List.of(expected) + ", after " + texts).isNotNull();
                texts.add(text);
            }
            org.assertj.core.api.Assertions.assertThat(texts).containsExactlyInAnyOrder(expected);
        }
        org.assertj.core.api.Assertions.assertThat(textsBefore(factory, queue, "marker", timeoutMs))
                .as("nothing more").isEmpty();
    }

    public static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException ignored) {
                // test cleanup
            }
        }
    }
}
