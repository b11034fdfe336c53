package dev.sluice.flume;

import dev.sluice.flume.internal.SinkRunner;
import dev.sluice.flume.internal.SourceRunner;
import dev.sluice.flume.processors.DefaultSinkProcessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Flume agent: its channels, sinks (each run by its sink group's processor on a thread of its own),
 * and sources with their interceptors and channel selectors, built and configured from an
 * {@link AgentConfiguration}.
 *
 * <p>Start order is channels, sinks, sources, so a topic channel's durable subscriptions exist before the first
 * event is published. Stop order is the reverse: sources stop accepting and finish or roll back their batches,
 * sinks drain the channels (bounded by {@code drainMillis}), then sinks and channels close.
 *
 * <p>Lifecycle NEW -> STARTED -> STOPPED by compare-and-set; thread-safe.
 */
public final class Agent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private enum State { NEW, STARTED, STOPPED }

    private final String name;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Map<String, Source> sources = new LinkedHashMap<>();
    private final Map<String, Sink> sinks = new LinkedHashMap<>();
    private final Map<String, SinkProcessor> groups = new LinkedHashMap<>();
    private final Map<String, Counters> counters = new LinkedHashMap<>();
    private final List<SourceRunner> sourceRunners = new ArrayList<>();
    private final List<SinkRunner> sinkRunners = new ArrayList<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private long drainMillis = 5000;

    private Agent(String name) {
        this.name = name;
    }

    /**
     * Creates and configures every component of {@code configuration}; nothing is started.
     *
     * @throws ConfigurationException naming the first wrong key
     */
    public static Agent create(AgentConfiguration configuration) {
        Agent agent = new Agent(configuration.agentName());
        agent.build(configuration);
        return agent;
    }

    private void build(AgentConfiguration configuration) {
        for (String channelName : configuration.names("channels")) {
            ComponentContext context = configuration.context("channels", channelName);
            String type = context.string("type", "a channel type, one of "
                    + ComponentTypes.CHANNELS.aliases().keySet());
            Channel channel = ComponentTypes.create(ComponentTypes.CHANNELS, type, context.fullKey("type"));
            channel.setCounters(counters("CHANNEL", channelName));
            channel.configure(context);
            context.rejectUnreadKeys("channel " + channelName + " (type " + type + ")");
            channels.put(channelName, channel);
        }
        for (String sinkName : configuration.names("sinks")) {
            ComponentContext context = configuration.context("sinks", sinkName);
            String type = context.string("type", "a sink type, one of " + ComponentTypes.SINKS.aliases().keySet());
            Sink sink = ComponentTypes.create(ComponentTypes.SINKS, type, context.fullKey("type"));
            Channel channel = channel(context, "channel", context.string("channel", "the name of a channel in "
                    + name + ".channels"));
            String subscription = context.stringOr("subscription", name + "." + sinkName);
            sink.setChannel(channel, subscription);
            sink.setCounters(counters("SINK", sinkName));
            sink.configure(context);
            context.rejectUnreadKeys("sink " + sinkName + " (type " + type + ")");
            sinks.put(sinkName, sink);
        }
        Map<String, String> groupOfSink = new LinkedHashMap<>();
        for (String groupName : configuration.names("sinkgroups")) {
            ComponentContext context = configuration.context("sinkgroups", groupName);
            List<String> members = context.list("sinks");
            if (members.isEmpty()) {
                throw new ConfigurationException("Configuration key " + context.fullKey("sinks")
                        + " is missing: expected the names of the group's sinks, from " + name + ".sinks");
            }
            List<Sink> groupSinks = new ArrayList<>();
            for (String member : members) {
                Sink sink = sinks.get(member);
                if (sink == null) {
                    throw context.invalid("sinks", "names from " + name + ".sinks = " + sinks.keySet()
                            + " ('" + member + "' is not one)");
                }
                String previous = groupOfSink.putIfAbsent(member, groupName);
                if (previous != null) {
                    throw context.invalid("sinks", "sinks of no other group ('" + member + "' is in group "
                            + previous + " already)");
                }
                groupSinks.add(sink);
            }
            ComponentContext processorContext = context.sub("processor");
            String type = processorContext.stringOr("type", "default");
            SinkProcessor processor = ComponentTypes.create(ComponentTypes.PROCESSORS, type,
                    processorContext.fullKey("type"));
            processor.setSinks(groupSinks);
            processor.configure(processorContext);
            processorContext.rejectUnreadKeys("sink processor of group " + groupName + " (type " + type + ")");
            context.rejectUnreadKeys("sink group " + groupName);
            groups.put(groupName, processor);
        }
        sinks.forEach((sinkName, sink) -> {
            if (!groupOfSink.containsKey(sinkName)) {
                DefaultSinkProcessor processor = new DefaultSinkProcessor();
                processor.setSinks(List.of(sink));
                groups.put(sinkName, processor);
            }
        });
        for (String sourceName : configuration.names("sources")) {
            sources.put(sourceName, buildSource(configuration.context("sources", sourceName), sourceName));
        }
    }

    private Source buildSource(ComponentContext context, String sourceName) {
        String type = context.string("type", "a source type, one of " + ComponentTypes.SOURCES.aliases().keySet());
        Source source = ComponentTypes.create(ComponentTypes.SOURCES, type, context.fullKey("type"));
        List<String> channelNames = context.list("channels");
        if (channelNames.isEmpty()) {
            throw new ConfigurationException("Configuration key " + context.fullKey("channels") + " is missing:"
                    + " expected the names of the source's channels, from " + name + ".channels = "
                    + channels.keySet());
        }
        List<Channel> sourceChannels = new ArrayList<>();
        for (String channelName : channelNames) {
            sourceChannels.add(channel(context, "channels", channelName));
        }
        List<Interceptor> interceptors = new ArrayList<>();
        for (String interceptorName : context.list("interceptors")) {
            ComponentContext interceptorContext = context.sub("interceptors." + interceptorName);
            String interceptorType = interceptorContext.string("type", "an interceptor type, one of "
                    + ComponentTypes.INTERCEPTORS.aliases().keySet());
            Interceptor interceptor = ComponentTypes.create(ComponentTypes.INTERCEPTORS, interceptorType,
                    interceptorContext.fullKey("type"));
            interceptor.configure(interceptorContext);
            interceptorContext.rejectUnreadKeys("interceptor " + interceptorName + " (type " + interceptorType
                    + ")");
            interceptors.add(interceptor);
        }
        ComponentContext selectorContext = context.sub("selector");
        String selectorType = selectorContext.stringOr("type", "replicating");
        ChannelSelector selector = ComponentTypes.create(ComponentTypes.SELECTORS, selectorType,
                selectorContext.fullKey("type"));
        selector.setChannels(sourceChannels);
        selector.configure(selectorContext);
        selectorContext.rejectUnreadKeys("channel selector of source " + sourceName + " (type " + selectorType
                + ")");
        source.setChannelProcessor(new ChannelProcessor(sourceName, interceptors, selector));
        source.setCounters(counters("SOURCE", sourceName));
        source.configure(context);
        context.rejectUnreadKeys("source " + sourceName + " (type " + type + ")");
        return source;
    }

    private Channel channel(ComponentContext context, String key, String channelName) {
        Channel channel = channels.get(channelName);
        if (channel == null) {
            throw context.invalid(key, "names from " + name + ".channels = " + channels.keySet() + " ('"
                    + channelName + "' is not one)");
        }
        return channel;
    }

    private Counters counters(String type, String componentName) {
        return counters.computeIfAbsent(type + "." + componentName, key -> new Counters(type, componentName));
    }

    /** How long {@link #stop()} lets the sinks drain the channels (default 5000 ms). */
    public void setDrainMillis(long drainMillis) {
        this.drainMillis = drainMillis;
    }

    public String name() {
        return name;
    }

    /** Starts channels, sinks, then sources. */
    public void start() {
        if (!state.compareAndSet(State.NEW, State.STARTED)) {
            throw new IllegalStateException("Agent " + name + " is " + state.get() + "; it can start only once");
        }
        channels.values().forEach(Channel::start);
        sinks.values().forEach(Sink::start);
        groups.forEach((groupName, processor) -> {
            SinkRunner runner = new SinkRunner(processor, name, groupName);
            sinkRunners.add(runner);
            runner.start();
        });
        sources.forEach((sourceName, source) -> {
            source.start();
            if (source instanceof PollableSource pollable) {
                SourceRunner runner = new SourceRunner(pollable, name, sourceName);
                sourceRunners.add(runner);
                runner.start();
            }
        });
        LOG.info("agent {}: started {} sources, {} channels, {} sinks", name, sources.size(), channels.size(),
                sinks.size());
    }

    /** Stops sources, drains and stops sinks, closes channels. Idempotent. */
    public void stop() {
        State previous = state.getAndSet(State.STOPPED);
        if (previous != State.STARTED) {
            return;
        }
        LOG.info("agent {}: stopping", name);
        sourceRunners.forEach(runner -> runner.stop(10_000));
        sources.forEach((sourceName, source) -> stopQuietly("source " + sourceName, source::stop));
        sinkRunners.forEach(runner -> runner.drainAndStop(drainMillis));
        sinks.forEach((sinkName, sink) -> stopQuietly("sink " + sinkName, sink::stop));
        channels.forEach((channelName, channel) -> stopQuietly("channel " + channelName, channel::stop));
        LOG.info("agent {}: stopped", name);
    }

    private void stopQuietly(String what, Runnable stop) {
        try {
            stop.run();
        } catch (RuntimeException e) {
            LOG.warn("agent {}: stopping {} failed", name, what, e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    public Source source(String sourceName) {
        return sources.get(sourceName);
    }

    public Sink sink(String sinkName) {
        return sinks.get(sinkName);
    }

    public Channel channel(String channelName) {
        return channels.get(channelName);
    }

    /** Every component's counters, keyed {@code SOURCE.r1}, {@code CHANNEL.c1}, {@code SINK.k1}. */
    public Map<String, Counters> counters() {
        return Map.copyOf(counters);
    }

    /** The counters as Flume's JSON monitoring prints them: {"SOURCE.r1":{"EventReceivedCount":"12",...},...}. */
    public String countersJson() {
        StringBuilder json = new StringBuilder("{");
        counters.forEach((key, group) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(key).append("\":{");
            StringBuilder values = new StringBuilder();
            group.snapshot().forEach((counter, value) -> {
                if (values.length() > 0) {
                    values.append(',');
                }
                values.append('"').append(counter).append("\":\"").append(value).append('"');
            });
            json.append(values).append('}');
        });
        return json.append('}').toString();
    }
}
