package dev.sluice.jms.internal;

import dev.sluice.jms.SluiceDestination;
import dev.sluice.jms.internal.selector.Selector;
import java.util.UUID;

/**
 * Which subscription a consumer reads and with what filter (JMS 3.1 section 8.3). Names in the store are
 * prefixed by kind so that the kinds never collide: {@code ""} for a queue, {@code nd:} non-durable,
 * {@code d:<clientID>:<name>} unshared durable, {@code sd:<clientID>:<name>} shared durable, {@code sn:...} shared
 * non-durable. A selector that is empty or blank is kept as null: it means "no selector" as null does, and a
 * durable subscription reopened with either must be the same subscription. Immutable.
 */
record SubscriptionSpec(Kind kind, SluiceDestination destination, String name, String selector, boolean noLocal,
                        String clientId) {

    enum Kind { QUEUE, NON_DURABLE, DURABLE, SHARED, SHARED_DURABLE }

    SubscriptionSpec {
        selector = Selector.isAbsent(selector) ? null : selector;
    }

    static SubscriptionSpec forConsumer(SluiceDestination destination, String selector, boolean noLocal) {
        if (destination.isQueue()) {
            return new SubscriptionSpec(Kind.QUEUE, destination, null, selector, false, null);
        }
        return new SubscriptionSpec(Kind.NON_DURABLE, destination, UUID.randomUUID().toString(), selector, noLocal,
                null);
    }

    static SubscriptionSpec durable(SluiceDestination topic, String name, String selector, boolean noLocal,
                                    String clientId) {
        return new SubscriptionSpec(Kind.DURABLE, topic, name, selector, noLocal, clientId);
    }

    static SubscriptionSpec shared(SluiceDestination topic, String name, String selector, boolean durable,
                                   String clientId) {
        return new SubscriptionSpec(durable ? Kind.SHARED_DURABLE : Kind.SHARED, topic, name, selector, false,
                clientId);
    }

    boolean durable() {
        return kind == Kind.DURABLE || kind == Kind.SHARED_DURABLE;
    }

    boolean shared() {
        return kind == Kind.QUEUE || kind == Kind.SHARED || kind == Kind.SHARED_DURABLE;
    }

    /** The subscription's name in {@code sluice.subscription}. */
    String storedName() {
        String client = clientId == null ? "" : clientId;
        return switch (kind) {
            case QUEUE -> "";
            case NON_DURABLE -> "nd:" + name;
            case DURABLE -> "d:" + client + ":" + name;
            case SHARED_DURABLE -> "sd:" + client + ":" + name;
            case SHARED -> "sn:" + client + ":" + name;
        };
    }

    /** What an application calls it, for messages. */
    String describe() {
        return switch (kind) {
            case QUEUE -> "queue '" + destination.name() + "'";
            case NON_DURABLE -> "subscription to topic '" + destination.name() + "'";
            case DURABLE -> "durable subscription '" + name + "' of client '" + clientId + "'";
            case SHARED_DURABLE -> "shared durable subscription '" + name + "'";
            case SHARED -> "shared subscription '" + name + "'";
        };
    }
}
