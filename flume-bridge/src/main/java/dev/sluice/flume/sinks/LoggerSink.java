package dev.sluice.flume.sinks;

import dev.sluice.flume.BatchSink;
import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each event at INFO ({@code type = logger}): its headers and the first {@code maxBytesToLog} (default 16)
 * bytes of its body. For tests and debugging; a log line is not durable output. Confined to its runner thread.
 */
public final class LoggerSink extends BatchSink {

    private static final Logger LOG = LoggerFactory.getLogger(LoggerSink.class);

    private int maxBytes;

    @Override
    protected void configureSink(ComponentContext context) {
        maxBytes = context.integer("maxBytesToLog", 16, 0, Integer.MAX_VALUE);
        setBatchSize(context.integer("batchSize", 100, 1, 100_000));
    }

    @Override
    protected void write(List<Event> batch) {
        for (Event event : batch) {
            byte[] body = event.body();
            String shown = new String(Arrays.copyOf(body, Math.min(maxBytes, body.length)), StandardCharsets.UTF_8);
            LOG.info("sink {}: Event: {{ headers:{} body: {}{} }}", name(), event.headers(), shown,
                    body.length > maxBytes ? "..." : "");
        }
    }
}
