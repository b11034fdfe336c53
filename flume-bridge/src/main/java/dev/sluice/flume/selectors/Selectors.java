package dev.sluice.flume.selectors;

import dev.sluice.flume.Channel;
import dev.sluice.flume.ComponentContext;
import java.util.ArrayList;
import java.util.List;

/** Reads a list of channel names that must be among the source's channels. */
final class Selectors {

    private Selectors() {
    }

    static List<Channel> channels(ComponentContext context, String key, List<Channel> sourceChannels) {
        List<Channel> result = new ArrayList<>();
        for (String name : context.list(key)) {
            Channel found = sourceChannels.stream().filter(channel -> channel.name().equals(name)).findFirst()
                    .orElseThrow(() -> context.invalid(key, "channels of this source "
                            + sourceChannels.stream().map(Channel::name).toList() + " ('" + name + "' is not one)"));
            result.add(found);
        }
        return result;
    }
}
