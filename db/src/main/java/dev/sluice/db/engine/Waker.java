package dev.sluice.db.engine;

/**
 * Lets one waiting thread (a blocked {@code receive}, a session's listener thread) sleep until something it cares
 * about happened: records appended to a destination it reads, the connection started, a close. The waiter reads
 * {@link #version()} before looking for work and passes it to {@link #await}, so a wake-up in between is never
 * lost. Thread-safe (guarded by this object's monitor).
 */
public final class Waker {

    private final java.util.Set<Waker> followers = new java.util.concurrent.CopyOnWriteArraySet<>();
    private long version;

    /** Wakes {@code follower} too whenever this is woken (a session's listener thread follows its readers). */
    public void alsoWake(Waker follower) {
        followers.add(follower);
    }

    public void stopWaking(Waker follower) {
        followers.remove(follower);
    }

    /** How many wakers follow this one (a closed reader must leave none behind). */
    public int followerCount() {
        return followers.size();
    }

    public synchronized long version() {
        return version;
    }

    public void wake() {
        synchronized (this) {
            version++;
            notifyAll();
        }
        for (Waker follower : followers) {
            follower.wake();
        }
    }

    /** Waits until woken after {@code seen} was read, or {@code timeoutMs} passed; true if woken. */
    public synchronized boolean await(long seen, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (version == seen) {
            long remainingMs = (deadline - System.nanoTime()) / 1_000_000L;
            if (remainingMs <= 0) {
                return false;
            }
            wait(remainingMs);
        }
        return true;
    }
}
