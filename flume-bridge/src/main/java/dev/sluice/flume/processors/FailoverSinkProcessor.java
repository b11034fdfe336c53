package dev.sluice.flume.processors;

import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.EventDeliveryException;
import dev.sluice.flume.Sink;
import dev.sluice.flume.SinkProcessor;
import dev.sluice.flume.Status;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live sink with the highest priority processes ({@code processor.type = failover};
 * {@code processor.priority.SINK = number}, higher first, default 0; ties keep the group's order). A sink that
 * fails is set aside for a penalty that doubles with each consecutive failure, from 1 s up to
 * {@code processor.maxpenalty} (default 30000 ms), and the batch goes to the next sink at once; when its penalty
 * is over it is tried again. Confined to the group's runner thread.
 */
public final class FailoverSinkProcessor implements SinkProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverSinkProcessor.class);

    private List<Sink> sinks = List.of();
    private final Map<Sink, Integer> priorities = new HashMap<>();
    private final Map<Sink, Integer> failures = new HashMap<>();
    private final Map<Sink, Long> penaltyUntil = new HashMap<>();
    private long maxPenaltyMillis;
    private Clock clock = Clock.systemUTC();

    @Override
    public void setSinks(List<Sink> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    /** For tests: the clock that decides when a penalty is over. */
    public void setClock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void configure(ComponentContext context) {
        maxPenaltyMillis = context.number("maxpenalty", 30_000, 0, Long.MAX_VALUE);
        for (Sink sink : sinks) {
            priorities.put(sink, context.integer("priority." + sink.name(), 0, Integer.MIN_VALUE,
                    Integer.MAX_VALUE));
        }
        context.subProperties("priority.").keySet().forEach(name -> {
            if (sinks.stream().noneMatch(sink -> sink.name().equals(name))) {
                throw context.invalid("priority." + name, "a priority of a sink of this group "
                        + sinks.stream().map(Sink::name).toList());
            }
        });
    }

    @Override
    public Status process() {
        List<Sink> ordered = new ArrayList<>(sinks);
        ordered.sort(Comparator.comparing((Sink sink) -> -priorities.get(sink)));
        long now = clock.millis();
        EventDeliveryException last = null;
        for (Sink sink : ordered) {
            if (penaltyUntil.getOrDefault(sink, 0L) > now) {
                continue;
            }
            try {
                Status status = sink.process();
                failures.remove(sink);
                penaltyUntil.remove(sink);
                return status;
            } catch (RuntimeException e) {
                int failed = failures.merge(sink, 1, Integer::sum);
                long penalty = Math.min(maxPenaltyMillis, 1000L << Math.min(20, failed - 1));
                penaltyUntil.put(sink, now + penalty);
                LOG.warn("failover: sink {} failed ({} in a row), set aside for {} ms: {}", sink.name(), failed,
                        penalty, e.getMessage());
                last = e instanceof EventDeliveryException delivery ? delivery
                        : new EventDeliveryException(e.getMessage(), e);
            }
        }
        if (last != null) {
            throw last;
        }
        throw new EventDeliveryException("failover: all sinks " + sinks.stream().map(Sink::name).toList()
                + " are set aside after failures");
    }
}
