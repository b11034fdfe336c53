package dev.sluice.flume.processors;

import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.ConfigurationException;
import dev.sluice.flume.Sink;
import dev.sluice.flume.SinkProcessor;
import dev.sluice.flume.Status;
import java.util.List;

/** One sink, processed as it is ({@code processor.type = default}). Confined to the group's runner thread. */
public final class DefaultSinkProcessor implements SinkProcessor {

    private Sink sink;

    @Override
    public void setSinks(List<Sink> sinks) {
        if (sinks.size() != 1) {
            throw new ConfigurationException("The default sink processor runs exactly one sink, not " + sinks.size()
                    + ": expected processor.type = failover or load_balance for a group of several");
        }
        sink = sinks.get(0);
    }

    @Override
    public void configure(ComponentContext context) {
    }

    @Override
    public Status process() {
        return sink.process();
    }
}
