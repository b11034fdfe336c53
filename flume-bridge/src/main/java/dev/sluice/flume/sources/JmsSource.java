package dev.sluice.flume.sources;

import dev.sluice.flume.AbstractSource;
import dev.sluice.flume.ChannelException;
import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.ConfigurationException;
import dev.sluice.flume.Event;
import dev.sluice.flume.PollableSource;
import dev.sluice.flume.Status;
import dev.sluice.flume.internal.DestinationAddress;
import dev.sluice.flume.internal.EventMessages;
import dev.sluice.flume.internal.JmsConnector;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a destination of any JMS provider ({@code type = jms}) in a transacted session: a batch is received, put to
 * the channels, and only then is the JMS session committed; if the put fails the session rolls back and the
 * messages are redelivered. Message properties become headers; a TextMessage's text or a BytesMessage's bytes the
 * body. Keys: {@code destination} ({@code queue://NAME} or {@code topic://NAME}), or Flume's
 * {@code destinationName} with {@code destinationType} (queue | topic); the connection keys of
 * {@link JmsConnector} (also under Flume's names {@code initialContextFactory}, {@code providerURL},
 * {@code connectionFactory}, {@code userName}, {@code passwordFile}); {@code messageSelector};
 * {@code durableSubscriptionName} (topic: a shared durable subscription; without it a non-durable one);
 * {@code batchSize} (100); {@code pollTimeout} (1000 ms).
 * Confined to its runner thread.
 */
public final class JmsSource extends AbstractSource implements PollableSource {

    private static final Logger LOG = LoggerFactory.getLogger(JmsSource.class);

    private JmsConnector connector;
    private DestinationAddress destination;
    private String selector;
    private String durableName;
    private int batchSize;
    private long pollTimeout;
    private Connection connection;
    private Session session;
    private MessageConsumer consumer;

    @Override
    protected void configureSource(ComponentContext context) {
        if (context.has("destinationName")) {
            String type = context.choice("destinationType", "queue", "queue", "topic");
            destination = new DestinationAddress(type.equals("topic"),
                    context.string("destinationName", "the destination's name"));
        } else {
            context.stringOr("destinationType", null);
            if (!context.has("destination")) {
                throw new ConfigurationException("Configuration key " + context.fullKey("destination")
                        + " is missing: expected queue://NAME or topic://NAME (or destinationName and"
                        + " destinationType)");
            }
            destination = DestinationAddress.read(context, "destination");
        }
        connector = JmsConnector.read(context);
        selector = context.stringOr("messageSelector", null);
        durableName = context.stringOr("durableSubscriptionName", null);
        batchSize = context.integer("batchSize", 100, 1, 100_000);
        pollTimeout = context.number("pollTimeout", 1000, 1, 600_000);
    }

    @Override
    public void start() {
        try {
            connect();
        } catch (JMSException e) {
            LOG.warn("source {}: cannot connect to {} yet ({}); will retry", name(), connector, e.toString());
            disconnect();
        }
    }

    private void connect() throws JMSException {
        connection = connector.connect();
        session = connection.createSession(true, Session.SESSION_TRANSACTED);
        if (destination.topic() && durableName != null) {
            consumer = session.createSharedDurableConsumer((Topic) destination.create(session), durableName, selector);
        } else {
            consumer = session.createConsumer(destination.create(session), selector);
        }
        connection.start();
    }

    @Override
    public Status process() {
        try {
            if (session == null) {
                connect();
            }
            List<Event> events = new ArrayList<>();
            Message message = consumer.receive(pollTimeout);
            while (message != null) {
                events.add(EventMessages.toEvent(message));
                if (events.size() >= batchSize) {
                    break;
                }
                message = consumer.receiveNoWait();
            }
            if (events.isEmpty()) {
                return Status.BACKOFF;
            }
            try {
                deliver(events);
            } catch (ChannelException e) {
                session.rollback();
                throw e;
            }
            session.commit();
            return Status.READY;
        } catch (JMSException e) {
            disconnect();
            throw new ChannelException("source " + name() + ": reading " + destination + " through " + connector
                    + " failed (the batch will be redelivered): " + e, e);
        }
    }

    private void disconnect() {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException e) {
                LOG.debug("source {}: closing: {}", name(), e.toString());
            }
        }
        connection = null;
        session = null;
        consumer = null;
    }

    @Override
    public void stop() {
        disconnect();
    }
}
