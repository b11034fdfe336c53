package dev.sluice.flume;

import java.util.ArrayList;
import java.util.List;

/**
 * Changes or drops events between a source and its channel selector. Called from any source thread, so
 * implementations are thread-safe (the built-in ones are immutable after configure).
 */
public interface Interceptor extends Configurable {

    /** The event, changed in place, or null to drop it. */
    Event intercept(Event event);

    default List<Event> intercept(List<Event> events) {
        List<Event> kept = new ArrayList<>(events.size());
        for (Event event : events) {
            Event result = intercept(event);
            if (result != null) {
                kept.add(result);
            }
        }
        return kept;
    }
}
