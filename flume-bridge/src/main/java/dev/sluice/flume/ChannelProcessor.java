package dev.sluice.flume;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source's path to its channels: runs the interceptors, asks the selector for each event's channels, and puts
 * each channel's share of the batch in one transaction of that channel. Required channels first: if one fails the
 * call throws and the source must not acknowledge its input (it retries, so channels that already committed may
 * see the batch twice, as in Flume). Failures of optional channels are logged. Thread-safe.
 */
public final class ChannelProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelProcessor.class);

    private final String sourceName;
    private final List<Interceptor> interceptors;
    private final ChannelSelector selector;

    public ChannelProcessor(String sourceName, List<Interceptor> interceptors, ChannelSelector selector) {
        this.sourceName = sourceName;
        this.interceptors = List.copyOf(interceptors);
        this.selector = selector;
    }

    /**
     * Puts {@code events} (after the interceptors) to their channels; returns once every required channel
     * committed.
     *
     * @throws ChannelException (or {@link ChannelFullException}) when a required channel failed
     */
    public void processBatch(List<Event> events) {
        List<Event> kept = events;
        for (Interceptor interceptor : interceptors) {
            kept = interceptor.intercept(kept);
        }
        Map<Channel, List<Event>> required = new LinkedHashMap<>();
        Map<Channel, List<Event>> optional = new LinkedHashMap<>();
        for (Event event : kept) {
            for (Channel channel : selector.requiredChannels(event)) {
                required.computeIfAbsent(channel, c -> new ArrayList<>()).add(event);
            }
            for (Channel channel : selector.optionalChannels(event)) {
                optional.computeIfAbsent(channel, c -> new ArrayList<>()).add(event);
            }
        }
        required.forEach(Channel::put);
        optional.forEach((channel, batch) -> {
            try {
                channel.put(batch);
            } catch (ChannelException e) {
                LOG.warn("source {}: put of {} events to optional channel {} failed: {}", sourceName, batch.size(),
                        channel.name(), e.getMessage());
            }
        });
    }

    public void processEvent(Event event) {
        processBatch(List.of(event));
    }
}
