package dev.sluice.flume.selectors;

import dev.sluice.flume.Channel;
import dev.sluice.flume.ChannelSelector;
import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes each event by the value of one header ({@code selector.type = multiplexing}): {@code selector.header}
 * (default {@code flume.selector.header}), {@code selector.mapping.VALUE = channels}, {@code selector.optional.VALUE
 * = channels}, and {@code selector.default = channels} for values with no mapping. Immutable after configure.
 */
public final class MultiplexingChannelSelector implements ChannelSelector {

    private List<Channel> channels = List.of();
    private String header;
    private final Map<String, List<Channel>> mapping = new HashMap<>();
    private final Map<String, List<Channel>> optionalMapping = new HashMap<>();
    private List<Channel> defaults = List.of();

    @Override
    public void setChannels(List<Channel> channels) {
        this.channels = List.copyOf(channels);
    }

    @Override
    public void configure(ComponentContext context) {
        header = context.stringOr("header", "flume.selector.header");
        ComponentContext mappings = context.sub("mapping");
        for (String value : mappings.subProperties("").keySet()) {
            mapping.put(value, List.copyOf(Selectors.channels(mappings, value, channels)));
        }
        ComponentContext optional = context.sub("optional");
        for (String value : optional.subProperties("").keySet()) {
            optionalMapping.put(value, List.copyOf(Selectors.channels(optional, value, channels)));
        }
        defaults = List.copyOf(Selectors.channels(context, "default", channels));
    }

    @Override
    public List<Channel> requiredChannels(Event event) {
        String value = event.headers().get(header);
        List<Channel> mapped = value == null ? null : mapping.get(value);
        return mapped == null ? defaults : mapped;
    }

    @Override
    public List<Channel> optionalChannels(Event event) {
        String value = event.headers().get(header);
        List<Channel> mapped = value == null ? null : optionalMapping.get(value);
        return mapped == null ? List.of() : mapped;
    }
}
