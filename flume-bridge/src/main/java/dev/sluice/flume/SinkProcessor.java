package dev.sluice.flume;

import java.util.List;

/**
 * Decides which sink of a group processes next (default, failover, load_balance). Called from the group's one
 * runner thread.
 */
public interface SinkProcessor extends Configurable {

    /** Called before configure with the group's sinks, in the order of its {@code sinks} key. */
    void setSinks(List<Sink> sinks);

    /** @throws EventDeliveryException when no sink could process */
    Status process();
}
