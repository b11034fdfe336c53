package dev.sluice.db.engine;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The wakers of everything in this JVM waiting for records of one destination. {@link WakeUps} fires it when
 * PostgreSQL announces an append or a release there, and this JVM's own appends fire it as soon as they commit
 * (without waiting for the notification's round trip). A reader compares {@link #version()} with what it saw at its
 * last claim: only a moved version (or records left over from that claim) is worth a claim. Thread-safe.
 */
public final class DestinationSignal {

    private final Set<Waker> wakers = new CopyOnWriteArraySet<>();
    private final AtomicLong version = new AtomicLong();

    public void add(Waker waker) {
        wakers.add(waker);
    }

    public void remove(Waker waker) {
        wakers.remove(waker);
    }

    /** How many wakers are registered (a closed reader must leave none behind). */
    public int wakerCount() {
        return wakers.size();
    }

    /** The change count; compare with an earlier reading to see whether anything changed since. */
    public long version() {
        return version.get();
    }

    /** Something may have become available. */
    public void fire() {
        version.incrementAndGet();
        for (Waker waker : wakers) {
            waker.wake();
        }
    }
}
