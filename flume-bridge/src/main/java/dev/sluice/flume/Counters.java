package dev.sluice.flume;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one component, named as Flume names them (EventReceivedCount, EventPutSuccessCount,
 * EventDrainSuccessCount, ...), plus gauges that are set rather than added to. Thread-safe.
 */
public final class Counters {

    public static final String EVENT_RECEIVED = "EventReceivedCount";
    public static final String EVENT_ACCEPTED = "EventAcceptedCount";
    public static final String BATCH_RECEIVED = "AppendBatchReceivedCount";
    public static final String BATCH_ACCEPTED = "AppendBatchAcceptedCount";
    public static final String CHANNEL_WRITE_FAIL = "ChannelWriteFail";
    public static final String EVENT_READ_FAIL = "EventReadFail";
    public static final String PUT_ATTEMPT = "EventPutAttemptCount";
    public static final String PUT_SUCCESS = "EventPutSuccessCount";
    public static final String TAKE_ATTEMPT = "EventTakeAttemptCount";
    public static final String TAKE_SUCCESS = "EventTakeSuccessCount";
    public static final String CHANNEL_SIZE = "ChannelSize";
    public static final String CHANNEL_CAPACITY = "ChannelCapacity";
    public static final String CHANNEL_FILL = "ChannelFillPercentage";
    public static final String DRAIN_ATTEMPT = "EventDrainAttemptCount";
    public static final String DRAIN_SUCCESS = "EventDrainSuccessCount";
    public static final String BATCH_COMPLETE = "BatchCompleteCount";
    public static final String BATCH_EMPTY = "BatchEmptyCount";
    public static final String BATCH_UNDERFLOW = "BatchUnderflowCount";
    public static final String CONNECTION_CREATED = "ConnectionCreatedCount";
    public static final String CONNECTION_CLOSED = "ConnectionClosedCount";
    public static final String CONNECTION_FAILED = "ConnectionFailedCount";
    public static final String EVENT_WRITE_FAIL = "EventWriteFail";

    private final String type;
    private final String name;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, Long> gauges = new ConcurrentHashMap<>();

    /** @param type SOURCE, CHANNEL or SINK, as in Flume's monitoring output */
    public Counters(String type, String name) {
        this.type = type;
        this.name = name;
    }

    public String type() {
        return type;
    }

    public String name() {
        return name;
    }

    public void add(String counter, long delta) {
        counts.computeIfAbsent(counter, key -> new LongAdder()).add(delta);
    }

    public void increment(String counter) {
        add(counter, 1);
    }

    public void set(String gauge, long value) {
        gauges.put(gauge, value);
    }

    public long get(String counter) {
        Long gauge = gauges.get(counter);
        if (gauge != null) {
            return gauge;
        }
        LongAdder adder = counts.get(counter);
        return adder == null ? 0 : adder.sum();
    }

    /** Whether {@code counter} is a gauge (set to a value, such as ChannelSize) rather than a count that only grows. */
    public boolean isGauge(String counter) {
        return gauges.containsKey(counter);
    }

    /** Every counter and gauge, sorted by name. */
    public Map<String, Long> snapshot() {
        Map<String, Long> result = new TreeMap<>();
        counts.forEach((key, value) -> result.put(key, value.sum()));
        result.putAll(gauges);
        return result;
    }

    @Override
    public String toString() {
        return type + "." + name + snapshot();
    }
}
