package dev.sluice.coordination.recipes;

/**
 * Told when a {@link LeaderLatch} gains or loses leadership. Called on the thread that changed it (the
 * coordinator's event thread, or the thread that closes the latch) while the latch's lock is held, so that
 * {@code notLeader} of one leader always runs before another participant can become leader; must return quickly.
 */
public interface LeaderLatchListener {

    void isLeader();

    void notLeader();
}
