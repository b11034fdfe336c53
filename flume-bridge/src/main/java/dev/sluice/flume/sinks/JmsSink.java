package dev.sluice.flume.sinks;

import dev.sluice.flume.BatchSink;
import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import dev.sluice.flume.internal.DestinationAddress;
import dev.sluice.flume.internal.EventMessages;
import dev.sluice.flume.internal.JmsConnector;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.List;

/**
 * Forwards events to a destination of any JMS provider ({@code type = jms}): each batch is sent in a transacted
 * session of the target and committed there before the take commits. Keys: {@code destination}
 * ({@code queue://NAME} or {@code topic://NAME}), the connection keys of {@link JmsConnector} ({@code url},
 * {@code user}, {@code password} or {@code jndi.*}), {@code batchSize} (100). Confined to its runner thread.
 */
public final class JmsSink extends BatchSink {

    private JmsConnector connector;
    private DestinationAddress destination;
    private Connection connection;
    private Session session;
    private MessageProducer producer;

    @Override
    protected void configureSink(ComponentContext context) {
        destination = DestinationAddress.read(context, "destination");
        connector = JmsConnector.read(context);
        setBatchSize(context.integer("batchSize", 100, 1, 100_000));
    }

    @Override
    protected void write(List<Event> batch) throws JMSException {
        try {
            if (session == null) {
                connection = connector.connect();
                session = connection.createSession(true, Session.SESSION_TRANSACTED);
                producer = session.createProducer(destination.create(session));
            }
            for (Event event : batch) {
                producer.send(EventMessages.toMessage(session, event));
            }
            session.commit();
        } catch (JMSException | RuntimeException e) {
            disconnect();
            throw e;
        }
    }

    private void disconnect() {
        session = null;
        producer = null;
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException ignored) {
                // the connection failed already; its transaction is rolled back by the provider
            }
            connection = null;
        }
    }

    @Override
    protected void close() {
        disconnect();
    }
}
