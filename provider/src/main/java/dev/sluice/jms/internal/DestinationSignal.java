package dev.sluice.jms.internal;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The wakers of everything in this JVM waiting for records of one destination. {@link NotificationListener} fires
 * it when PostgreSQL announces an append. Thread-safe.
 */
final class DestinationSignal {

    private final Set<Waker> wakers = new CopyOnWriteArraySet<>();

    void add(Waker waker) {
        wakers.add(waker);
    }

    void remove(Waker waker) {
        wakers.remove(waker);
    }

    void fire() {
        for (Waker waker : wakers) {
            waker.wake();
        }
    }
}
