package dev.sluice.flume;

import dev.sluice.flume.channels.JmsChannel;
import dev.sluice.flume.interceptors.HostInterceptor;
import dev.sluice.flume.interceptors.RegexExtractorInterceptor;
import dev.sluice.flume.interceptors.RegexFilterInterceptor;
import dev.sluice.flume.interceptors.RemoveHeaderInterceptor;
import dev.sluice.flume.interceptors.SearchReplaceInterceptor;
import dev.sluice.flume.interceptors.StaticInterceptor;
import dev.sluice.flume.interceptors.TimestampInterceptor;
import dev.sluice.flume.interceptors.UuidInterceptor;
import dev.sluice.flume.processors.DefaultSinkProcessor;
import dev.sluice.flume.processors.FailoverSinkProcessor;
import dev.sluice.flume.processors.LoadBalancingSinkProcessor;
import dev.sluice.flume.selectors.LoadBalancingChannelSelector;
import dev.sluice.flume.selectors.MultiplexingChannelSelector;
import dev.sluice.flume.selectors.ReplicatingChannelSelector;
import dev.sluice.flume.sinks.HttpSink;
import dev.sluice.flume.sinks.JdbcSink;
import dev.sluice.flume.sinks.JmsSink;
import dev.sluice.flume.sinks.LoggerSink;
import dev.sluice.flume.sinks.NullSink;
import dev.sluice.flume.sinks.RollingFileSink;
import dev.sluice.flume.sinks.TimeBucketedFileSink;
import dev.sluice.flume.sources.ExecSource;
import dev.sluice.flume.sources.HttpSource;
import dev.sluice.flume.sources.JmsSource;
import dev.sluice.flume.sources.MultiportSyslogTcpSource;
import dev.sluice.flume.sources.NetcatSource;
import dev.sluice.flume.sources.SequenceSource;
import dev.sluice.flume.sources.SpoolDirectorySource;
import dev.sluice.flume.sources.SyslogTcpSource;
import dev.sluice.flume.sources.SyslogUdpSource;
import dev.sluice.flume.sources.TaildirSource;
import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The built-in component types by their Flume alias (case-insensitive, so {@code TAILDIR} works), and custom
 * components by class name (any type containing a dot: a public class with a public no-argument constructor
 * implementing the kind's interface). Stateless.
 */
public final class ComponentTypes {

    /** One kind of component and its aliases. */
    public record Kind<T>(String description, Class<T> type, Map<String, Supplier<? extends T>> aliases) {
    }

    public static final Kind<Source> SOURCES = new Kind<>("source", Source.class, new Aliases<Source>()
            .add("exec", ExecSource::new)
            .add("taildir", TaildirSource::new)
            .add("spooldir", SpoolDirectorySource::new)
            .add("netcat", NetcatSource::new)
            .add("syslogtcp", SyslogTcpSource::new)
            .add("syslogudp", SyslogUdpSource::new)
            .add("multiport_syslogtcp", MultiportSyslogTcpSource::new)
            .add("http", HttpSource::new)
            .add("seq", SequenceSource::new)
            .add("jms", JmsSource::new).map());

    public static final Kind<Channel> CHANNELS = new Kind<>("channel", Channel.class, new Aliases<Channel>()
            .add("jms", JmsChannel::new).map());

    public static final Kind<Sink> SINKS = new Kind<>("sink", Sink.class, new Aliases<Sink>()
            .add("logger", LoggerSink::new)
            .add("null", NullSink::new)
            .add("file_roll", RollingFileSink::new)
            .add("hdfs", TimeBucketedFileSink::new)
            .add("jdbc", JdbcSink::new)
            .add("jms", JmsSink::new)
            .add("http", HttpSink::new).map());

    public static final Kind<Interceptor> INTERCEPTORS = new Kind<>("interceptor", Interceptor.class, new Aliases<Interceptor>()
            .add("timestamp", TimestampInterceptor::new)
            .add("host", HostInterceptor::new)
            .add("static", StaticInterceptor::new)
            .add("remove_header", RemoveHeaderInterceptor::new)
            .add("uuid", UuidInterceptor::new)
            .add("regex_filter", RegexFilterInterceptor::new)
            .add("regex_extractor", RegexExtractorInterceptor::new)
            .add("search_replace", SearchReplaceInterceptor::new).map());

    public static final Kind<ChannelSelector> SELECTORS = new Kind<>("channel selector", ChannelSelector.class, new Aliases<ChannelSelector>()
            .add("replicating", ReplicatingChannelSelector::new)
            .add("multiplexing", MultiplexingChannelSelector::new)
            .add("load_balancing", LoadBalancingChannelSelector::new).map());

    public static final Kind<SinkProcessor> PROCESSORS = new Kind<>("sink processor", SinkProcessor.class, new Aliases<SinkProcessor>()
            .add("default", DefaultSinkProcessor::new)
            .add("failover", FailoverSinkProcessor::new)
            .add("load_balance", LoadBalancingSinkProcessor::new).map());

    private ComponentTypes() {
    }

    private static final class Aliases<T> {
        private final Map<String, Supplier<? extends T>> map = new LinkedHashMap<>();

        Aliases<T> add(String alias, Supplier<? extends T> supplier) {
            map.put(alias, supplier);
            return this;
        }

        Map<String, Supplier<? extends T>> map() {
            return java.util.Collections.unmodifiableMap(map);
        }
    }

    /**
     * A new component of {@code type} (an alias or a class name); {@code key} is the full configuration key, for
     * the error message.
     */
    public static <T> T create(Kind<T> kind, String type, String key) {
        Supplier<? extends T> supplier = kind.aliases().get(type.toLowerCase(Locale.ROOT));
        if (supplier != null) {
            return supplier.get();
        }
        if (!type.contains(".")) {
            throw new ConfigurationException("Configuration key " + key + " = '" + type + "' is not a known "
                    + kind.description() + " type: expected one of " + kind.aliases().keySet()
                    + " or the class name of a custom " + kind.type().getName());
        }
        try {
            Class<?> found = Class.forName(type, true, Thread.currentThread().getContextClassLoader());
            if (!kind.type().isAssignableFrom(found)) {
                throw new ConfigurationException("Configuration key " + key + " = '" + type + "' is a class that"
                        + " does not implement " + kind.type().getName());
            }
            return kind.type().cast(found.getConstructor().newInstance());
        } catch (ClassNotFoundException e) {
            throw new ConfigurationException("Configuration key " + key + " = '" + type + "': no such class on the"
                    + " class path; expected one of " + kind.aliases().keySet() + " or a custom class name", e);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new ConfigurationException("Configuration key " + key + " = '" + type + "': the class needs a"
                    + " public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new ConfigurationException("Configuration key " + key + " = '" + type + "': the constructor"
                    + " threw " + e.getCause(), e.getCause());
        }
    }
}
