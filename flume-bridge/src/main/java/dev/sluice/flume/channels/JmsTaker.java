package dev.sluice.flume.channels;

import dev.sluice.flume.ChannelException;
import dev.sluice.flume.ChannelTaker;
import dev.sluice.flume.Event;
import dev.sluice.flume.internal.EventMessages;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.List;

/**
 * One sink's reader of a {@link JmsChannel}: a transacted session whose commit acknowledges the batch taken and
 * whose rollback makes it available again (redelivered, with JMSXDeliveryCount raised). After a failure the
 * session is replaced on the next take. Confined to the sink's runner thread.
 */
final class JmsTaker implements ChannelTaker {

    private final JmsChannel channel;
    private final String sinkName;
    private final String subscription;
    private Session session;
    private MessageConsumer consumer;
    private int taken;

    JmsTaker(JmsChannel channel, String sinkName, String subscription) throws JMSException {
        this.channel = channel;
        this.sinkName = sinkName;
        this.subscription = subscription;
        open();
    }

    private void open() throws JMSException {
        session = channel.createTakeSession();
        try {
            if (channel.destination().topic()) {
                consumer = session.createSharedDurableConsumer((Topic) channel.destination().create(session),
                        subscription);
            } else {
                consumer = session.createConsumer(channel.destination().create(session));
            }
        } catch (JMSException | RuntimeException e) {
            closeSession();
            throw e;
        }
    }

    @Override
    public List<Event> take(int max, long waitMillis) {
        List<Event> events = new ArrayList<>();
        try {
            if (session == null) {
                open();
            }
            Message message = waitMillis > 0 ? consumer.receive(waitMillis) : consumer.receiveNoWait();
            while (message != null) {
                events.add(EventMessages.toEvent(message));
                if (events.size() >= max) {
                    break;
                }
                message = consumer.receiveNoWait();
            }
            taken += events.size();
            channel.tookEvents(events.size() + (events.size() < max ? 1 : 0), events.size());
            return events;
        } catch (JMSException | RuntimeException e) {
            rollback();
            throw new ChannelException("Sink " + sinkName + " could not take from channel " + channel.name() + " ("
                    + channel.destination() + "): " + e, e);
        }
    }

    @Override
    public void commit() {
        try {
            if (session != null) {
                session.commit();
                channel.committedTake(taken);
            }
            taken = 0;
        } catch (JMSException | RuntimeException e) {
            taken = 0;
            closeSession();
            throw new ChannelException("Sink " + sinkName + " could not commit its take from channel "
                    + channel.name() + "; the batch will be redelivered: " + e, e);
        }
    }

    @Override
    public void rollback() {
        taken = 0;
        if (session == null) {
            return;
        }
        try {
            session.rollback();
        } catch (JMSException | RuntimeException e) {
            closeSession();
        }
    }

    private void closeSession() {
        Session closing = session;
        session = null;
        consumer = null;
        if (closing != null) {
            try {
                closing.close();
            } catch (JMSException | RuntimeException ignored) {
                // the session is broken already; its uncommitted messages return to the destination
            }
        }
    }

    @Override
    public void close() {
        rollback();
        closeSession();
    }
}
