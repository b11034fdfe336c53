package dev.sluice.jms.internal;

import dev.sluice.db.log.Destination;
import dev.sluice.db.engine.ClaimFilter;
import dev.sluice.db.log.Subscription;
import dev.sluice.db.log.SubscriptionStore;
import dev.sluice.db.security.Permission;
import dev.sluice.jms.SluiceTopic;
import dev.sluice.jms.internal.selector.Selector;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import java.util.List;
import java.util.Objects;

/**
 * The rules of named topic subscriptions (JMS 3.1 sections 8.3.2 to 8.3.4): an unshared durable subscription
 * admits one active consumer; asking for an existing subscription with another topic, selector or noLocal replaces
 * it when nobody consumes from it; unsubscribe deletes it when nobody does. Active consumers are ephemeral nodes in
 * the coordination service, so the rules hold across JVMs and a crashed consumer frees its place.
 */
final class DurableSubscriptions {

    private DurableSubscriptions() {
    }

    static SluiceMessageConsumer openConsumer(SluiceSession session, SubscriptionSpec spec, Destination topic,
                                              ClaimFilter filter) throws JMSException {
        SluiceConnection connection = session.connection();
        SubscriptionStore store = connection.backend().subscriptions();
        String name = spec.storedName();
        boolean exclusive = spec.kind() == SubscriptionSpec.Kind.DURABLE;
        checkNoOtherKind(store, spec);
        return store.underNameLock(name, () -> join(session, spec, topic, filter, store, name, exclusive));
    }

    /** Registers the consumer and finds or creates its subscription, holding the name's lock. */
    private static SluiceMessageConsumer join(SluiceSession session, SubscriptionSpec spec, Destination topic,
                                              ClaimFilter filter, SubscriptionStore store, String name,
                                              boolean exclusive) throws JMSException {
        SluiceConnection connection = session.connection();
        AutoCloseable claim = connection.coordination().claimConsumer(name, exclusive, spec.describe());
        try {
            List<Subscription> existing = store.findByName(name);
            for (Subscription old : existing) {
                boolean same = old.destinationId() == topic.id() && sameSelector(old.selector(), spec.selector())
                        && old.noLocal() == spec.noLocal();
                if (!same) {
                    // Claimed above, so for an unshared subscription we are its only consumer now.
                    if (!exclusive && connection.coordination().activeConsumers(name) > 1) {
                        throw new JMSException(spec.describe() + " exists with another topic or selector and has"
                                + " active consumers; it cannot be changed now");
                    }
                    store.delete(old);
                }
            }
            Subscription subscription = store.createIfAbsent(topic, name, spec.durable(), spec.shared(),
                    spec.clientId(), spec.selector(), spec.noLocal(), null);
            return SluiceMessageConsumer.create(session, spec, topic, subscription, filter, claim);
        } catch (JMSException | RuntimeException e) {
            closeQuietly(claim);
            throw e instanceof JMSException jms ? jms : JmsExceptions.toJms("Opening " + spec.describe(), e);
        }
    }

    /** Null, empty and blank are all "no selector"; a subscription may have been stored with any of them. */
    private static boolean sameSelector(String stored, String requested) {
        return Objects.equals(Selector.isAbsent(stored) ? null : stored, requested);
    }

    /**
     * A shared and an unshared durable subscription may not have the same name and client ID (JMS 3.1 section
     * 8.3.2): asking for one while the other exists is a JMSException.
     */
    private static void checkNoOtherKind(SubscriptionStore store, SubscriptionSpec spec) throws JMSException {
        SubscriptionSpec.Kind other = switch (spec.kind()) {
            case DURABLE -> SubscriptionSpec.Kind.SHARED_DURABLE;
            case SHARED_DURABLE -> spec.clientId() == null ? null : SubscriptionSpec.Kind.DURABLE;
            default -> null;
        };
        if (other == null) {
            return;
        }
        SubscriptionSpec clash = new SubscriptionSpec(other, spec.destination(), spec.name(), null, false,
                spec.clientId());
        if (!store.findByName(clash.storedName()).isEmpty()) {
            throw new JMSException("Cannot create " + spec.describe() + ": a"
                    + (other == SubscriptionSpec.Kind.DURABLE ? "n unshared" : " shared")
                    + " durable subscription with the same name and client ID exists");
        }
    }

    /** Session.unsubscribe: deletes a durable subscription (unshared first, then shared) of this client ID. */
    static void unsubscribe(SluiceSession session, String name) throws JMSException {
        if (name == null || name.isEmpty()) {
            throw new InvalidDestinationException("A subscription name must not be null or empty");
        }
        SluiceConnection connection = session.connection();
        String clientId = connection.clientIdOrNull();
        SubscriptionStore store = connection.backend().subscriptions();
        for (SubscriptionSpec.Kind kind : List.of(SubscriptionSpec.Kind.DURABLE, SubscriptionSpec.Kind.SHARED_DURABLE)) {
            SubscriptionSpec spec = new SubscriptionSpec(kind, null, name, null, false, clientId);
            List<Subscription> found = store.findByName(spec.storedName());
            if (found.isEmpty()) {
                continue;
            }
            if (connection.coordination().activeConsumers(spec.storedName()) > 0) {
                throw new IllegalStateException("Cannot unsubscribe durable subscription '" + name + "'"
                        + (clientId == null ? "" : " of client '" + clientId + "'") + ": it has an active consumer");
            }
            for (Subscription subscription : found) {
                requireConsume(connection, subscription);
            }
            for (Subscription subscription : found) {
                store.delete(subscription);
            }
            return;
        }
        throw new InvalidDestinationException("There is no durable subscription named '" + name + "'"
                + (clientId == null ? " without a client ID" : " for client '" + clientId + "'"));
    }

    /** Unsubscribing deletes what consumers of the topic read: it takes the consume permission there. */
    private static void requireConsume(SluiceConnection connection, Subscription subscription) throws JMSException {
        Destination topic = connection.backend().destinations().find(subscription.destinationId()).orElse(null);
        if (topic != null) {
            connection.backend().permissions().require(new SluiceTopic(topic.name()), Permission.CONSUME, false);
        }
    }

    private static void closeQuietly(AutoCloseable claim) {
        try {
            claim.close();
        } catch (Exception e) {
            // the claim vanishes with the coordination session anyway
        }
    }
}
