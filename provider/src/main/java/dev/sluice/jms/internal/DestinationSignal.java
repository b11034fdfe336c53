package dev.sluice.jms.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The wakers of everything in this JVM waiting for records of one destination, and which partitions changed.
 * {@link NotificationListener} fires it when PostgreSQL announces an append or a release in a partition; a
 * consumer then fetches only from partitions whose version moved since it last looked (plus a periodic sweep of
 * all), instead of querying every partition for every message. Thread-safe.
 */
final class DestinationSignal {

    private final Set<Waker> wakers = new CopyOnWriteArraySet<>();
    private final Map<Integer, AtomicLong> partitionVersions = new ConcurrentHashMap<>();
    /** Moves when anything may have changed anywhere (the notification connection was re-established). */
    private final AtomicLong everything = new AtomicLong();

    void add(Waker waker) {
        wakers.add(waker);
    }

    void remove(Waker waker) {
        wakers.remove(waker);
    }

    /** The change count of a partition; compare with an earlier reading to see whether it changed. */
    long version(int partition) {
        AtomicLong version = partitionVersions.get(partition);
        return (version == null ? 0 : version.get()) + everything.get();
    }

    /** One partition has new or released records. */
    void fire(int partition) {
        partitionVersions.computeIfAbsent(partition, p -> new AtomicLong()).incrementAndGet();
        wakeAll();
    }

    /** Anything may have changed. */
    void fire() {
        everything.incrementAndGet();
        wakeAll();
    }

    private void wakeAll() {
        for (Waker waker : wakers) {
            waker.wake();
        }
    }
}
