package dev.sluice.jms;

import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
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
