package dev.sluice.bench;

import dev.sluice.bench.ScaleWorkloads.Kind;
import dev.sluice.bench.ScaleWorkloads.Window;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scale sweep on one system: each dimension in turn, one point at a time, every other setting at the
 * benchmark's defaults (one queue, 4 partitions, 4 producers and 4 listener consumers, 1 KiB persistent
 * messages). A point is measured in {@link BenchOptions#iterations()} back-to-back windows of
 * {@link BenchOptions#iteration()} after one of warm-up; it records their median. A failing point is recorded as
 * failed and the sweep goes on. Used by the benchmark's main thread.
 */
final class ScaleSweep {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleSweep.class);

    static final String BACKLOG = "backlog";
    static final String LAGGING = "lagging-subscription";
    static final String DESTINATIONS = "destinations";
    static final String CONSUMERS = "consumers";
    static final String IDLE = "idle-listeners";
    static final String SIZE = "message-size";
    static final String PARTITIONS = "partitions";
    static final String HISTORY = "history";
    static final String SOAK = "soak";
    static final String E2E_RATE = "end-to-end rate";
    static final String MSG_S = "msg/s";

    /** What a system offers beyond JMS: Sluice's partitions and its tables, Artemis' journal folder. */
    interface Extras {
        /** A connection factory whose new destinations get {@code partitions} partitions; null if there are none. */
        ConnectionFactory partitioned(int partitions);

        /** Whether the log keeps messages nobody consumes (retention), so that history can pile up. */
        boolean keepsHistory();

        /** Bytes the system keeps on disk for its messages (tables and indexes, or journal files). */
        long storageBytes();

        /** Sluice's dead tuples and autovacuum runs over its tables, or null. */
        Map<String, Double> tableHealth();
    }

    private final JmsTarget target;
    private final Extras extras;
    private final ScaleResults results;
    private final BenchOptions options;
    private final ScaleWorkloads workloads;
    private final String runId;
    private final Column system;
    private int names;

    ScaleSweep(JmsTarget target, Extras extras, ScaleResults results, BenchOptions options, String runId) {
        this.target = target;
        this.extras = extras;
        this.results = results;
        this.options = options;
        this.runId = runId;
        this.system = target.column();
        this.workloads = new ScaleWorkloads(target.connectionFactory(), system.id);
    }

    /** Every dimension; {@code soakRate} is the offered rate of the soak (msg/s), 0 to measure it here. */
    void runAll(double soakRate) {
        describeAll();
        warmUp();
        Map<String, Runnable> dimensions = new java.util.LinkedHashMap<>();
        dimensions.put(BACKLOG, this::backlog);
        dimensions.put(LAGGING, this::lagging);
        dimensions.put(DESTINATIONS, this::destinations);
        dimensions.put(CONSUMERS, this::consumers);
        dimensions.put(IDLE, this::idle);
        dimensions.put(SIZE, this::size);
        dimensions.put(PARTITIONS, this::partitions);
        dimensions.put(HISTORY, this::history);
        dimensions.put(SOAK, () -> soak(soakRate));
        dimensions.forEach((dimension, sweep) -> {
            if (options.dimensions().isEmpty() || options.dimensions().contains(dimension)) {
                System.out.printf("  %-14s %s from %s%n", system.id, dimension, java.time.LocalTime.now()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
                sweep.run();
            }
        });
    }

    /** The names {@code --dimensions} accepts. */
    static final List<String> DIMENSIONS = List.of(BACKLOG, LAGGING, DESTINATIONS, CONSUMERS, IDLE, SIZE,
            PARTITIONS, HISTORY, SOAK);

    private void describeAll() {
        results.describe(BACKLOG, "Backlog: a queue holding N messages, 4 listeners drain it (a fresh fill per"
                + " iteration); received per second until empty or the window ends.");
        results.describe(LAGGING, "Lagging subscription: a topic whose other durable subscription fell N messages"
                + " behind; p99 send-to-listener latency of a live shared subscription (4 listeners) at 500 msg/s.");
        results.describe(DESTINATIONS, "Destinations: messages spread round-robin over N queues; send rate with 8"
                + " producers and no consumers, end-to-end rate with 4 producers and one listener per queue.");
        results.describe(CONSUMERS, "Consumers on one queue: 4 producers, N listeners; end-to-end rate and Jain's"
                + " fairness index of what each listener received (1 = equal shares).");
        results.describe(IDLE, "Idle listeners: N listeners on other queues that get nothing; p99 latency at 1,000"
                + " msg/s on one queue with 4 listeners.");
        results.describe(SIZE, "Message size: 4 producers, 4 listeners, one queue, BytesMessage of N bytes;"
                + " MB/s received.");
        results.describe(PARTITIONS, "Partitions per destination: Sluice's queue with N partitions, 4 producers, 4"
                + " listeners. Artemis has no partitions: its line is one measurement of the same workload.");
        results.describe(HISTORY, "History kept: a topic whose log already holds N consumed-by-nobody messages"
                + " (retention on, nothing to consume); end-to-end rate of 4 producers to a new shared durable"
                + " subscription with 4 listeners. Artemis keeps no history: its line is one measurement with none.");
        results.describe(SOAK, "Soak: steady load at half of Sluice's measured 4x4 maximum, one queue; p99 latency"
                + " and the storage on disk at the end of each minute (Sluice: its tables' dead tuples and"
                + " autovacuum runs too).");
    }

    private void backlog() {
        for (int depth : depths(List.of(1_000, 10_000, 100_000), 1_000_000)) {
            point(BACKLOG, "drain rate", MSG_S, false, depth, "messages queued", () -> {
                List<Double> rates = new ArrayList<>();
                for (int i = 0; i < options.iterations(); i++) {
                    String queue = name(BACKLOG);
                    workloads.fill(Kind.QUEUE, queue, depth, ScaleWorkloads.BODY_BYTES);
                    rates.add(workloads.drain(queue, depth, options.iteration()));
                    target.discard(List.of(queue), List.of());
                }
                return rates;
            });
        }
    }

    private void lagging() {
        for (int depth : depths(List.of(0, 10_000, 100_000), 1_000_000)) {
            point(LAGGING, "p99 latency", "ms", true, depth, "messages behind", () -> {
                String topic = name(LAGGING);
                workloads.subscribeAndLeave(topic, "laggard");
                workloads.fill(Kind.TOPIC_SHARED, topic, depth, ScaleWorkloads.BODY_BYTES);
                try {
                    return afterWarmUp(workloads.latency(Kind.TOPIC_SHARED, topic, 4, 500, options.iteration(),
                            options.iterations() + 1, window -> { }));
                } finally {
                    workloads.unsubscribe("scale");
                    workloads.unsubscribe("laggard");
                    target.discard(List.of(), List.of(topic));
                }
            });
        }
    }

    private void destinations() {
        for (int count : List.of(1, 10, 100, 1_000)) {
            // Each flow on queues of its own: consumers on the send rate's queues would drain what it left there.
            List<String> sendQueues = names(DESTINATIONS, count);
            point(DESTINATIONS, "send rate", MSG_S, false, count, "queues",
                    () -> sent(workloads.flow(Kind.QUEUE, sendQueues, 8, 0, ScaleWorkloads.BODY_BYTES,
                            options.iteration(), options.iterations())));
            target.discard(sendQueues, List.of());
            List<String> flowQueues = names(DESTINATIONS, count);
            point(DESTINATIONS, E2E_RATE, MSG_S, false, count, "queues", () -> received(workloads.flow(
                    Kind.QUEUE, flowQueues, 4, count, ScaleWorkloads.BODY_BYTES, options.iteration(),
                    options.iterations())));
            target.discard(flowQueues, List.of());
        }
    }

    private void consumers() {
        for (int count : List.of(1, 4, 16, 64, 200)) {
            String queue = name(CONSUMERS);
            List<Window> windows = new ArrayList<>();
            point(CONSUMERS, E2E_RATE, MSG_S, false, count, "consumers", () -> {
                windows.addAll(workloads.flow(Kind.QUEUE, List.of(queue), 4, count, ScaleWorkloads.BODY_BYTES,
                        options.iteration(), options.iterations()));
                return received(windows);
            });
            if (!windows.isEmpty()) {
                point(CONSUMERS, "fairness (Jain)", "index", false, count, "consumers",
                        () -> windows.stream().map(Window::fairness).toList());
            }
            target.discard(List.of(queue), List.of());
        }
    }

    private void idle() {
        for (int count : List.of(0, 100, 1_000)) {
            List<String> idleQueues = names(IDLE + "-idle", count);
            String queue = name(IDLE);
            point(IDLE, "p99 latency", "ms", true, count, "idle listeners", () -> {
                List<Connection> idle = workloads.idleListeners(idleQueues);
                try {
                    return afterWarmUp(workloads.latency(Kind.QUEUE, queue, 4, 1_000, options.iteration(),
                            options.iterations() + 1, window -> { }));
                } finally {
                    workloads.closeAll(idle);
                }
            });
            List<String> used = new ArrayList<>(idleQueues);
            used.add(queue);
            target.discard(used, List.of());
        }
    }

    private void size() {
        for (int bytes : List.of(100, 1_024, 10_240, 102_400, 1_048_576)) {
            String queue = name(SIZE);
            point(SIZE, "end-to-end throughput", "MB/s", false, bytes, "bytes per message",
                    () -> received(workloads.flow(Kind.QUEUE, List.of(queue), 4, 4, bytes, options.iteration(),
                            options.iterations())).stream().map(rate -> rate * bytes / 1e6).toList());
            target.discard(List.of(queue), List.of());
        }
    }

    private void partitions() {
        List<Double> once = null;
        for (int count : List.of(1, 4, 16, 64)) {
            ConnectionFactory partitioned = extras.partitioned(count);
            if (partitioned == null && once != null) {
                List<Double> same = once;
                point(PARTITIONS, E2E_RATE, MSG_S, false, count, "partitions", () -> same);
                continue;
            }
            ScaleWorkloads flows = partitioned == null ? workloads : new ScaleWorkloads(partitioned, system.id);
            String queue = name(PARTITIONS);
            List<Double> rates = new ArrayList<>();
            point(PARTITIONS, E2E_RATE, MSG_S, false, count, "partitions", () -> {
                rates.addAll(received(flows.flow(Kind.QUEUE, List.of(queue), 4, 4, ScaleWorkloads.BODY_BYTES,
                        options.iteration(), options.iterations())));
                return rates;
            });
            if (partitioned == null) {
                once = rates;
            }
            target.discard(List.of(queue), List.of());
        }
    }

    private void history() {
        List<Integer> depths = depths(List.of(0, 1_000_000), 10_000_000);
        boolean keepsHistory = extras.keepsHistory();
        List<Double> withNone = new ArrayList<>();
        for (int depth : depths) {
            if (!keepsHistory && depth > 0) {
                point(HISTORY, E2E_RATE, MSG_S, false, depth, "messages of history", () -> withNone);
                continue;
            }
            String topic = name(HISTORY);
            point(HISTORY, E2E_RATE, MSG_S, false, depth, "messages of history", () -> {
                long started = System.nanoTime();
                workloads.fill(Kind.TOPIC_SHARED, topic, depth, ScaleWorkloads.BODY_BYTES);
                if (depth > 0) {
                    System.out.printf("  %-14s history: %,d messages written in %d s; storage now %,d MB%n",
                            system.id, depth, Duration.ofNanos(System.nanoTime() - started).toSeconds(),
                            extras.storageBytes() >> 20);
                }
                try {
                    List<Double> rates = received(workloads.flow(Kind.TOPIC_SHARED, List.of(topic), 4, 4,
                            ScaleWorkloads.BODY_BYTES, options.iteration(), options.iterations()));
                    if (depth == 0) {
                        withNone.addAll(rates);
                    }
                    return rates;
                } finally {
                    workloads.unsubscribe("scale");
                }
            });
            target.discard(List.of(), List.of(topic));
        }
    }

    private void soak(double soakRate) {
        double rate = soakRate > 0 ? soakRate : results.point(CONSUMERS, E2E_RATE, 4, system)
                .filter(point -> point.figure().present()).map(point -> point.figure().median() / 2).orElse(1_000.0);
        results.fact("soak", options.soakMinutes() + " minutes at " + Math.round(rate) + " msg/s");
        String queue = name(SOAK);
        Map<Integer, Long> storage = new TreeMap<>();
        Map<Integer, Map<String, Double>> health = new TreeMap<>();
        List<Double> latencies = new ArrayList<>();
        Duration minute = Duration.ofMinutes(1);
        try {
            latencies.addAll(workloads.latency(Kind.QUEUE, queue, 4, (int) Math.max(1, Math.round(rate)), minute,
                    options.soakMinutes(), window -> {
                        storage.put(window + 1, extras.storageBytes());
                        Map<String, Double> figures = extras.tableHealth();
                        if (figures != null) {
                            health.put(window + 1, figures);
                        }
                        System.out.printf("  %-14s soak minute %d: storage %,d MB%s%n", system.id, window + 1,
                                storage.get(window + 1) >> 20, figures == null ? "" : ", " + figures);
                    }));
        } catch (Exception e) {
            LOG.error("The soak on {} failed", system.id, e);
            results.add(new ScalePoint(SOAK, "p99 latency", "ms", true, 1, "minute", system,
                    Figure.failed(String.valueOf(e))));
            return;
        } finally {
            target.discard(List.of(queue), List.of());
        }
        for (int m = 0; m < latencies.size(); m++) {
            record(SOAK, "p99 latency", "ms", true, m + 1, "minute", List.of(latencies.get(m)));
        }
        storage.forEach((m, bytes) -> record(SOAK, "storage", "MB", true, m, "minute", List.of(bytes / 1e6)));
        health.forEach((m, figures) -> figures.forEach((metric, value) ->
                record(SOAK, metric, "count", true, m, "minute", List.of(value))));
    }

    /**
     * The depths of a dimension: {@code normal}, plus {@code large} with {@code --scale-large}; a quick run caps
     * them at 10,000 (so it checks that every point runs, not how deep ones do).
     */
    private List<Integer> depths(List<Integer> normal, int large) {
        List<Integer> depths = new ArrayList<>(normal);
        if (options.scaleLarge()) {
            depths.add(large);
        }
        if (options.quick()) {
            depths.replaceAll(depth -> Math.min(depth, 10_000));
            return depths.stream().distinct().toList();
        }
        return depths;
    }

    /** Measures one point and records it; a failure is recorded as such and the sweep goes on. */
    private void point(String dimension, String metric, String unit, boolean lowerIsBetter, double x, String xUnit,
                       Trial trial) {
        long started = System.nanoTime();
        try {
            List<Double> samples = trial.run();
            record(dimension, metric, unit, lowerIsBetter, x, xUnit, samples);
            System.out.printf("  %-14s %-22s %-24s %,12.0f %s: %s %s (%d s)%n", system.id, dimension, metric, x,
                    xUnit, samples.stream().map(value -> String.format("%,.2f", value)).toList(), unit,
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
        } catch (Exception | AssertionError e) {
            LOG.error("Scale point {} {} = {} on {} failed; going on", dimension, metric, x, system.id, e);
            System.out.printf("  %-14s %-22s %-24s %,12.0f %s: FAILED %s%n", system.id, dimension, metric, x, xUnit,
                    e);
            results.add(new ScalePoint(dimension, metric, unit, lowerIsBetter, x, xUnit, system,
                    Figure.failed(String.valueOf(e))));
        }
    }

    /** Runs the 4x4 flow once, unrecorded, so that the first point does not pay for class loading and JIT. */
    private void warmUp() {
        String queue = name("warm-up");
        try {
            workloads.flow(Kind.QUEUE, List.of(queue), 4, 4, ScaleWorkloads.BODY_BYTES, options.iteration(), 1);
        } catch (Exception e) {
            LOG.warn("The warm-up on {} failed", system.id, e);
        } finally {
            target.discard(List.of(queue), List.of());
        }
    }

    private void record(String dimension, String metric, String unit, boolean lowerIsBetter, double x,
                        String xUnit, List<Double> samples) {
        results.add(new ScalePoint(dimension, metric, unit, lowerIsBetter, x, xUnit, system, Figure.of(samples)));
    }

    /** A point's measurement: one figure per window. */
    @FunctionalInterface
    private interface Trial {
        List<Double> run() throws Exception;
    }

    /** The figures of every window but the first, the warm-up of a latency trial. */
    private static List<Double> afterWarmUp(List<Double> windows) {
        return windows.subList(1, windows.size());
    }

    private static List<Double> sent(List<Window> windows) {
        return windows.stream().map(Window::sentPerSecond).toList();
    }

    private static List<Double> received(List<Window> windows) {
        return windows.stream().map(Window::receivedPerSecond).toList();
    }

    private String name(String dimension) {
        return "scale." + runId + "." + dimension + "." + (++names);
    }

    private List<String> names(String dimension, int count) {
        List<String> queues = new ArrayList<>();
        for (int q = 0; q < count; q++) {
            queues.add(name(dimension));
        }
        return queues;
    }

    /** The bytes of every file under {@code folder}. */
    static long folderBytes(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0; // a journal file removed while walking
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not measure " + folder, e);
        }
    }
}
