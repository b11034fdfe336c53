package dev.sluice.flume;

import java.util.List;

/**
 * Chooses the channels of each event of a source: required ones (a failed put fails the batch) and optional ones
 * (a failed put is logged and ignored). Thread-safe.
 */
public interface ChannelSelector extends Configurable {

    /** Called before configure with the source's channels, in the order of its {@code channels} key. */
    void setChannels(List<Channel> channels);

    List<Channel> requiredChannels(Event event);

    List<Channel> optionalChannels(Event event);
}
