package dev.sluice.flume;

import java.util.List;

/**
 * One sink's transactional reader of a channel: {@link #take} starts (or continues) a transaction that
 * {@link #commit()} or {@link #rollback()} ends; rolled back events are delivered again. Confined to the sink's
 * runner thread.
 */
public interface ChannelTaker extends AutoCloseable {

    /** Up to {@code max} events, waiting at most {@code waitMillis} for the first; empty when none came. */
    List<Event> take(int max, long waitMillis);

    void commit();

    void rollback();

    @Override
    void close();
}
