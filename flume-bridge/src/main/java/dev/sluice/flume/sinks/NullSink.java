package dev.sluice.flume.sinks;

import dev.sluice.flume.BatchSink;
import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import java.util.List;

/** Takes and discards events ({@code type = null}), {@code batchSize} (default 100) at a time. */
public final class NullSink extends BatchSink {

    @Override
    protected void configureSink(ComponentContext context) {
        setBatchSize(context.integer("batchSize", 100, 1, 100_000));
    }

    @Override
    protected void write(List<Event> batch) {
    }
}
