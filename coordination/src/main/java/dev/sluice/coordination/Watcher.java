package dev.sluice.coordination;

/**
 * Receives watch events. A {@link Coordinator} calls all its watchers (and its session listeners) from one event
 * thread, one event at a time, in the order the changes were committed; a watcher must therefore return quickly
 * and must not block waiting for another event. A watcher registered twice for the same path and change is
 * called once per change.
 */
@FunctionalInterface
public interface Watcher {

    void process(WatchedEvent event);
}
