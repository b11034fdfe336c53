package dev.sluice.flume.processors;

import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.EventDeliveryException;
import dev.sluice.flume.Sink;
import dev.sluice.flume.SinkProcessor;
import dev.sluice.flume.Status;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spreads batches over the group's sinks ({@code processor.type = load_balance}): {@code processor.selector} is
 * {@code round_robin} (default) or {@code random}; when a sink fails the next one is tried for the same call.
 * With {@code processor.backoff = true} a failed sink is left out for a time that doubles per consecutive failure
 * from 1 s up to {@code processor.selector.maxTimeOut} (default 30000 ms). Confined to the group's runner thread.
 */
public final class LoadBalancingSinkProcessor implements SinkProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(LoadBalancingSinkProcessor.class);

    private List<Sink> sinks = List.of();
    private boolean random;
    private boolean backoff;
    private long maxTimeOutMillis;
    private int next;
    private final Map<Sink, Integer> failures = new HashMap<>();
    private final Map<Sink, Long> excludedUntil = new HashMap<>();
    private Clock clock = Clock.systemUTC();

    @Override
    public void setSinks(List<Sink> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    public void setClock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void configure(ComponentContext context) {
        random = context.choice("selector", "round_robin", "round_robin", "random").equals("random");
        backoff = context.bool("backoff", false);
        maxTimeOutMillis = context.number("selector.maxTimeOut", 30_000, 0, Long.MAX_VALUE);
    }

    @Override
    public Status process() {
        List<Sink> order = new ArrayList<>(sinks);
        if (random) {
            Collections.shuffle(order, ThreadLocalRandom.current());
        } else {
            Collections.rotate(order, -(next++ % sinks.size()));
        }
        long now = clock.millis();
        RuntimeException last = null;
        for (Sink sink : order) {
            if (backoff && excludedUntil.getOrDefault(sink, 0L) > now) {
                continue;
            }
            try {
                Status status = sink.process();
                failures.remove(sink);
                excludedUntil.remove(sink);
                return status;
            } catch (RuntimeException e) {
                last = e;
                int failed = failures.merge(sink, 1, Integer::sum);
                if (backoff) {
                    long timeout = Math.min(maxTimeOutMillis, 1000L << Math.min(20, failed - 1));
                    excludedUntil.put(sink, now + timeout);
                    LOG.warn("load_balance: sink {} failed, left out for {} ms: {}", sink.name(), timeout,
                            e.getMessage());
                } else {
                    LOG.warn("load_balance: sink {} failed: {}", sink.name(), e.getMessage());
                }
            }
        }
        throw new EventDeliveryException("load_balance: no sink of " + sinks.stream().map(Sink::name).toList()
                + " could process" + (last == null ? " (all are backed off)" : ": " + last.getMessage()), last);
    }
}
