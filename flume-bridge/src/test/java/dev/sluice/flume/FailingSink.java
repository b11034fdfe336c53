package dev.sluice.flume;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A custom sink (loaded by class name) whose writes always fail, for sink processor tests. */
public final class FailingSink extends BatchSink {

    static final AtomicInteger ATTEMPTS = new AtomicInteger();

    @Override
    protected void configureSink(ComponentContext context) {
        setBatchSize(context.integer("batchSize", 10, 1, 1000));
    }

    @Override
    protected void write(List<Event> batch) {
        ATTEMPTS.incrementAndGet();
        throw new EventDeliveryException("this sink always fails");
    }
}
