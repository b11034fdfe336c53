package dev.sluice.db.engine;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What everything in this JVM waiting for records of one destination is told (its feeds, which wake a reader). {@link WakeUps} fires it when
 * PostgreSQL announces an append or a release there, and this JVM's own appends fire it as soon as they commit
 * (without waiting for the notification's round trip). A reader compares {@link #version()} with what it saw at its
 * last claim: only a moved version (or records left over from that claim) is worth a claim. Thread-safe.
 */
public final class DestinationSignal {

    private final Set<Runnable> listeners = new CopyOnWriteArraySet<>();
    private final AtomicLong version = new AtomicLong();

    /** Runs {@code onFire} (quick, never blocking) each time the signal fires. */
    public void add(Runnable onFire) {
        listeners.add(onFire);
    }

    public void remove(Runnable onFire) {
        listeners.remove(onFire);
    }

    /** How many listeners are registered (a closed feed must leave none behind). */
    public int listenerCount() {
        return listeners.size();
    }

    /** The change count; compare with an earlier reading to see whether anything changed since. */
    public long version() {
        return version.get();
    }

    /** Something may have become available. */
    public void fire() {
        version.incrementAndGet();
        for (Runnable listener : listeners) {
            listener.run();
        }
    }
}
