package dev.sluice.flume.selectors;

import dev.sluice.flume.Channel;
import dev.sluice.flume.ChannelSelector;
import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each event to one of the source's channels ({@code selector.type = load_balancing}), chosen by
 * {@code selector.policy}: {@code round_robin} (default) or {@code random}. Thread-safe.
 */
public final class LoadBalancingChannelSelector implements ChannelSelector {

    private List<Channel> channels = List.of();
    private boolean random;
    private final AtomicLong next = new AtomicLong();

    @Override
    public void setChannels(List<Channel> channels) {
        this.channels = List.copyOf(channels);
    }

    @Override
    public void configure(ComponentContext context) {
        random = context.choice("policy", "round_robin", "round_robin", "random").equals("random");
    }

    @Override
    public List<Channel> requiredChannels(Event event) {
        int index = random ? ThreadLocalRandom.current().nextInt(channels.size())
                : (int) Math.floorMod(next.getAndIncrement(), (long) channels.size());
        return List.of(channels.get(index));
    }

    @Override
    public List<Channel> optionalChannels(Event event) {
        return List.of();
    }
}
