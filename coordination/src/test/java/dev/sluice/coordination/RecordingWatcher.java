package dev.sluice.coordination;

import dev.sluice.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A watcher that records its events, for assertions. Thread-safe. */
final class RecordingWatcher implements Watcher {

    private final List<WatchedEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void process(WatchedEvent event) {
        events.add(event);
    }

    List<WatchedEvent> events() {
        return List.copyOf(events);
    }

    int count() {
        return events.size();
    }

    void awaitCount(int count, Duration timeout) {
        Await.until(() -> events.size() >= count, timeout, () -> "expected " + count + " events, got " + events);
    }
}
