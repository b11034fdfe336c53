package dev.sluice.flume.selectors;

import dev.sluice.flume.Channel;
import dev.sluice.flume.ChannelSelector;
import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * Every event to every channel ({@code selector.type = replicating}, the default); the channels named in
 * {@code selector.optional} are optional (a failed put there does not fail the batch). Immutable after configure.
 */
public final class ReplicatingChannelSelector implements ChannelSelector {

    private List<Channel> channels = List.of();
    private List<Channel> required = List.of();
    private List<Channel> optional = List.of();

    @Override
    public void setChannels(List<Channel> channels) {
        this.channels = List.copyOf(channels);
    }

    @Override
    public void configure(ComponentContext context) {
        List<Channel> optionalChannels = Selectors.channels(context, "optional", channels);
        List<Channel> requiredChannels = new ArrayList<>(channels);
        requiredChannels.removeAll(optionalChannels);
        required = List.copyOf(requiredChannels);
        optional = List.copyOf(optionalChannels);
    }

    @Override
    public List<Channel> requiredChannels(Event event) {
        return required;
    }

    @Override
    public List<Channel> optionalChannels(Event event) {
        return optional;
    }
}
