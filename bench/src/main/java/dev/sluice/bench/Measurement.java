package dev.sluice.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one workload on one system: a warm-up whose figures are dropped, then the measured iterations, each on
 * fresh destinations; records the samples in {@link Results} and prints each as it comes. A failing trial marks
 * its rows failed and the run goes on with the next workload. Stateless.
 */
final class Measurement {

    private static final Logger LOG = LoggerFactory.getLogger(Measurement.class);

    /** One timed run of a workload; returns a figure per row it fills (the latency run fills three). */
    @FunctionalInterface
    interface Trial {
        /**
         * @param tag    names the iteration ({@code w} for the warm-up, then 1, 2, ...): part of destination names
         * @param length how long the measured window lasts
         */
        Map<Workload, Double> run(String tag, Duration length) throws Exception;
    }

    private Measurement() {
    }

    static void measure(Results results, Column column, List<Workload> rows, BenchOptions options, Trial trial) {
        Map<Workload, List<Double>> samples = new EnumMap<>(Workload.class);
        String name = rows.get(0).id;
        try {
            if (!options.warmup().isZero()) {
                trial.run("w", options.warmup());
            }
            for (int i = 1; i <= options.iterations(); i++) {
                Map<Workload, Double> figures = trial.run(String.valueOf(i), options.iteration());
                StringBuilder line = new StringBuilder(String.format("  %-16s %-16s #%d ", column.id, name, i));
                for (Workload row : rows) {
                    Double value = figures.get(row);
                    if (value == null) {
                        throw new IllegalStateException("Workload " + row.id + " returned no figure for "
                                + row.label);
                    }
                    samples.computeIfAbsent(row, key -> new ArrayList<>()).add(value);
                    line.append(' ').append(ResultTable.number(row, value)).append(' ').append(row.unit.label);
                }
                System.out.println(line);
            }
            for (Workload row : rows) {
                results.put(row, column, Figure.of(samples.get(row)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + name + " on " + column.id, e);
        } catch (Exception | AssertionError e) {
            LOG.error("Workload {} on {} failed; going on with the next one", name, column.id, e);
            System.out.printf("  %-16s %-16s FAILED: %s%n", column.id, name, e);
            for (Workload row : rows) {
                results.put(row, column, Figure.failed(String.valueOf(e)));
            }
        }
    }

    /** A per-second rate of {@code count} events in {@code length}. */
    static double rate(long count, Duration length) {
        return count / (length.toNanos() / 1e9);
    }
}
