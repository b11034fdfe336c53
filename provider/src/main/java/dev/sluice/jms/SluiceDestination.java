package dev.sluice.jms;

import dev.sluice.jms.internal.message.SluiceTemporaryQueue;
import dev.sluice.jms.internal.message.SluiceTemporaryTopic;
import dev.sluice.jms.jndi.SluiceObjectFactory;
import jakarta.jms.Destination;

import java.io.Serializable;
import javax.naming.Reference;
import javax.naming.Referenceable;
import javax.naming.StringRefAddr;

/**
 * A Sluice queue or topic, ordinary or temporary, named as JMS users write it ({@code orders},
 * {@code logs/web}).
 *
 * <p>Every destination has a stable text form, its <em>address</em>, which Sluice stores in the log's
 * {@code reply_to} column and which {@link #fromAddress(String)} turns back into a destination:
 * {@code queue://orders}, {@code topic://prices}, {@code temp-queue://<name>}, {@code temp-topic://<name>}.
 * Two destinations are equal when they have the same kind (queue or topic, temporary or not) and the same
 * case-sensitive name, whatever object created them: a temporary queue decoded from a received message's
 * {@code JMSReplyTo} equals the one its owning connection created.
 *
 * <p>Destinations are {@link Referenceable} so they can be bound in JNDI; {@link SluiceObjectFactory} rebuilds
 * them from the reference's {@value #ADDRESS_REFERENCE_TYPE} address.
 *
 * <p>Immutable and thread-safe: destinations support concurrent use.
 */
public abstract class SluiceDestination implements Destination, Serializable, Referenceable {

    /** The type of the {@link StringRefAddr} that holds {@link #toAddress()} in a JNDI {@link Reference}. */
    public static final String ADDRESS_REFERENCE_TYPE = "address";

    private static final long serialVersionUID = 1L;

    private static final String SEPARATOR = "://";
    private static final String QUEUE_SCHEME = "queue";
    private static final String TOPIC_SCHEME = "topic";
    private static final String TEMPORARY_QUEUE_SCHEME = "temp-queue";
    private static final String TEMPORARY_TOPIC_SCHEME = "temp-topic";

    private final String name;

    /**
     * @param name the destination's name, not null and not empty
     * @throws IllegalArgumentException if the name is null or empty
     */
    protected SluiceDestination(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("A destination name must not be "
                    + (name == null ? "null" : "empty") + "; give a name such as 'orders'");
        }
        this.name = name;
    }

    /** The destination's name, as the application wrote it. */
    public final String name() {
        return name;
    }

    /** True for a queue (consumers compete), false for a topic (every subscription gets every message). */
    public abstract boolean isQueue();

    /** True for a temporary destination, which lives as long as the connection that created it. */
    public abstract boolean isTemporary();

    /** The stable text form of this destination, such as {@code queue://orders}; see {@link #fromAddress}. */
    public final String toAddress() {
        return scheme() + SEPARATOR + name;
    }

    /**
     * Turns an address made by {@link #toAddress()} back into a destination. A temporary destination built
     * this way has no owner: only the connection that created it can delete it.
     *
     * @throws IllegalArgumentException if the address is null, has an unknown scheme or an empty name
     */
    public static SluiceDestination fromAddress(String address) {
        if (address == null) {
            throw new IllegalArgumentException("A destination address must not be null; expected one such as "
                    + "'queue://orders' or 'topic://prices'");
        }
        int separator = address.indexOf(SEPARATOR);
        String name = separator < 0 ? "" : address.substring(separator + SEPARATOR.length());
        if (separator < 0 || name.isEmpty()) {
            throw new IllegalArgumentException("'" + address + "' is not a destination address: expected "
                    + "<kind>://<name> with kind queue, topic, temp-queue or temp-topic and a non-empty name");
        }
        String scheme = address.substring(0, separator);
        switch (scheme) {
            case QUEUE_SCHEME:
                return new SluiceQueue(name);
            case TOPIC_SCHEME:
                return new SluiceTopic(name);
            case TEMPORARY_QUEUE_SCHEME:
                return new SluiceTemporaryQueue(name, null);
            case TEMPORARY_TOPIC_SCHEME:
                return new SluiceTemporaryTopic(name, null);
            default:
                throw new IllegalArgumentException("'" + address + "' is not a destination address: unknown kind '"
                        + scheme + "', expected queue, topic, temp-queue or temp-topic");
        }
    }

    private String scheme() {
        if (isTemporary()) {
            return isQueue() ? TEMPORARY_QUEUE_SCHEME : TEMPORARY_TOPIC_SCHEME;
        }
        return isQueue() ? QUEUE_SCHEME : TOPIC_SCHEME;
    }

    @Override
    public Reference getReference() {
        return new Reference(getClass().getName(), new StringRefAddr(ADDRESS_REFERENCE_TYPE, toAddress()),
                SluiceObjectFactory.class.getName(), null);
    }

    @Override
    public final boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof SluiceDestination)) {
            return false;
        }
        SluiceDestination that = (SluiceDestination) other;
        return isQueue() == that.isQueue() && isTemporary() == that.isTemporary() && name.equals(that.name);
    }

    @Override
    public final int hashCode() {
        return name.hashCode() * 4 + (isQueue() ? 2 : 0) + (isTemporary() ? 1 : 0);
    }

    /** Reads like {@code queue 'orders'} or {@code temporary topic 'x'}, for messages and logs. */
    @Override
    public String toString() {
        return (isTemporary() ? "temporary " : "") + (isQueue() ? "queue" : "topic") + " '" + name + "'";
    }
}
