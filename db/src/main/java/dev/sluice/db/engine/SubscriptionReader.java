package dev.sluice.db.engine;

import dev.sluice.db.log.Delivery;
import dev.sluice.db.log.StoredMessage;
import dev.sluice.db.log.Subscription;

/**
 * One consumer's reader of a subscription: hands out the records this engine claimed for all its readers of that
 * subscription with the same filter (a {@link SubscriptionFeed}), and wakes its consumer when records may be
 * there. The engine holds what it claims (one holder per engine) and renews the leases of what it holds.
 *
 * <p>{@link #poll} follows the owner's single-thread rule; {@link #waker()}, {@link #wake()} and {@link #close()}
 * may be called from any thread.
 */
public final class SubscriptionReader implements AutoCloseable {

    /** The safety-net interval: a waiting reader looks for records at least this often. */
    public static final long RECHECK_MS = 1_000;

    private final Engine engine;
    private final SubscriptionFeed feed;
    private final Waker waker = new Waker();
    private volatile boolean closed;

    SubscriptionReader(Engine engine, SubscriptionFeed feed) {
        this.engine = engine;
        this.feed = feed;
    }

    public Subscription subscription() {
        return feed.subscription();
    }

    /** Woken when records may have become available (and by {@link #wake()}). */
    public Waker waker() {
        return waker;
    }

    /** Also wakes {@code other} (a session's listener thread) whenever this reader is woken. */
    public void alsoWake(Waker other) {
        waker.alsoWake(other);
    }

    public void wake() {
        waker.wake();
    }

    /**
     * The next record, claiming when the shared buffer is empty and something may be there; null when there is none
     * now. Records that expired while buffered are acknowledged and skipped: they are never delivered.
     */
    public Delivery poll() {
        return closed ? null : feed.poll(this);
    }

    /**
     * This reader's consumer stopped waiting without a record (its receive timed out or returned at once): a
     * wake-up it was given goes to another reader instead of being lost. Polling again makes it waiting again.
     */
    public void stopWaiting() {
        feed.stopWaiting(this);
    }

    /** The in-flight identity of a message this reader handed out. */
    public Held held(StoredMessage message) {
        Subscription subscription = feed.subscription();
        return new Held(subscription.id(), subscription.destinationId(), message.partition(), message.offset());
    }

    /** Puts a handed-out record back at the head of the buffer (a failed receiveBody, JMS 3.1 section 10.4.2). */
    public void pushBack(Delivery delivery) {
        feed.pushBack(delivery);
    }

    /** Returns every buffered record of the shared feed (recover, rollback). */
    public void returnBuffered() {
        feed.returnBuffered();
    }

    /** Stops waking anyone; the last reader of a feed returns what it buffered. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        feed.stopWaiting(this);
        waker.wake();
        engine.readerClosed(feed);
    }
}
