package dev.sluice.server.admin.console;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The last few minutes of the destinations' figures, one {@link Sample} per sampling, oldest dropped first, from
 * which the console draws its charts: messages in and out per second between two samples, and lag at each. Guarded
 * by its own monitor; thread-safe.
 */
final class SampleRing {

    /** A destination's figures at one moment: its counters (as {@code /metrics} has them) and its summed lag. */
    record Figures(long messagesIn, long messagesOut, long lag) {
    }

    /** Every destination's figures at {@code at}, by {@code kind://name}. */
    record Sample(Instant at, Map<String, Figures> destinations) {
    }

    /** Messages in and out per second over the last interval. */
    record Rates(double in, double out) {
    }

    /** One line of a chart. */
    record Series(String label, List<Double> values) {
    }

    /** One chart: its element id, title, and lines over {@link Charts#times()}. */
    record Chart(String id, String title, List<Series> series) {
    }

    /** What the console's script draws: the sample times (epoch seconds) and the charts over them. */
    record Charts(List<Long> times, List<Chart> charts) {
    }

    private final int capacity;
    private final ArrayDeque<Sample> samples;

    SampleRing(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("A sample ring needs room for 2 samples at least, not " + capacity);
        }
        this.capacity = capacity;
        this.samples = new ArrayDeque<>(capacity);
    }

    synchronized void add(Sample sample) {
        if (samples.size() == capacity) {
            samples.removeFirst();
        }
        samples.addLast(sample);
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The destination's rates between the last two samples; empty until two samples hold it. */
    Optional<Rates> latestRates(String destination) {
        List<Sample> all = samples();
        if (all.size() < 2) {
            return Optional.empty();
        }
        Sample before = all.get(all.size() - 2);
        Sample last = all.get(all.size() - 1);
        Double in = rate(before, last, destination, Figures::messagesIn);
        Double out = rate(before, last, destination, Figures::messagesOut);
        return in == null || out == null ? Optional.empty() : Optional.of(new Rates(in, out));
    }

    /**
     * Three charts (messages in per second, out per second, lag) with one line per destination that
     * {@code include} accepts, at most {@code maxSeries} of them: those with the most messages in.
     */
    Charts charts(Predicate<String> include, int maxSeries) {
        List<Sample> all = samples();
        Map<String, Long> latestIn = new LinkedHashMap<>();
        for (Sample sample : all) {
            sample.destinations().forEach((name, figures) -> {
                if (include.test(name)) {
                    latestIn.put(name, figures.messagesIn());
                }
            });
        }
        List<String> shown = latestIn.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(maxSeries)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        List<Series> in = new ArrayList<>();
        List<Series> out = new ArrayList<>();
        List<Series> lag = new ArrayList<>();
        for (String name : shown) {
            List<Double> inValues = new ArrayList<>();
            List<Double> outValues = new ArrayList<>();
            List<Double> lagValues = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                Sample sample = all.get(i);
                Sample before = i == 0 ? null : all.get(i - 1);
                inValues.add(before == null ? null : rate(before, sample, name, Figures::messagesIn));
                outValues.add(before == null ? null : rate(before, sample, name, Figures::messagesOut));
                Figures figures = sample.destinations().get(name);
                lagValues.add(figures == null ? null : (double) figures.lag());
            }
            in.add(new Series(name, inValues));
            out.add(new Series(name, outValues));
            lag.add(new Series(name, lagValues));
        }
        List<Long> times = all.stream().map(sample -> sample.at().getEpochSecond()).toList();
        return new Charts(times, List.of(new Chart("chart-in", "Messages in per second", in),
                new Chart("chart-out", "Messages out per second", out),
                new Chart("chart-lag", "Lag (messages not finished)", lag)));
    }

    private interface Counter {
        long of(Figures figures);
    }

    /** Per second between two samples; null when either lacks the destination or the counter went back. */
    private static Double rate(Sample before, Sample after, String destination, Counter counter) {
        Figures from = before.destinations().get(destination);
        Figures to = after.destinations().get(destination);
        long millis = after.at().toEpochMilli() - before.at().toEpochMilli();
        if (from == null || to == null || millis <= 0 || counter.of(to) < counter.of(from)) {
            return null;
        }
        return (counter.of(to) - counter.of(from)) * 1000.0 / millis;
    }
}
