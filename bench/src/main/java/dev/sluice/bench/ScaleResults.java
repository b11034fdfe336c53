package dev.sluice.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every point of a scale run, in the order measured, and the facts about the run (date, machine, versions) that
 * the CSV records. Thread-confined to the benchmark's main thread.
 */
final class ScaleResults {

    private final List<ScalePoint> points = new ArrayList<>();
    private final Map<String, String> facts = new LinkedHashMap<>();
    /** One sentence per dimension on how it was measured, shown above its table and chart. */
    private final Map<String, String> descriptions = new LinkedHashMap<>();

    void add(ScalePoint point) {
        points.add(point);
    }

    List<ScalePoint> points() {
        return List.copyOf(points);
    }

    /** The point of {@code system} for that dimension, metric and x, if measured. */
    Optional<ScalePoint> point(String dimension, String metric, double x, Column system) {
        return points.stream().filter(point -> point.dimension().equals(dimension) && point.metric().equals(metric)
                && point.x() == x && point.system() == system).reduce((first, second) -> second);
    }

    /** The points by dimension and metric: the groups in the order first measured, each in the order measured. */
    List<List<ScalePoint>> byDimensionAndMetric() {
        Map<List<String>, List<ScalePoint>> groups = new LinkedHashMap<>();
        for (ScalePoint point : points) {
            groups.computeIfAbsent(List.of(point.dimension(), point.metric()), key -> new ArrayList<>()).add(point);
        }
        return List.copyOf(groups.values());
    }

    /** Sluice's median divided by artemis-tuned's at that point, if both ran. */
    Optional<Double> ratio(String dimension, String metric, double x) {
        Optional<Double> sluice = median(dimension, metric, x, Column.SLUICE);
        Optional<Double> tuned = median(dimension, metric, x, Column.ARTEMIS_TUNED);
        if (sluice.isEmpty() || tuned.isEmpty() || tuned.get() == 0) {
            return Optional.empty();
        }
        return Optional.of(sluice.get() / tuned.get());
    }

    private Optional<Double> median(String dimension, String metric, double x, Column system) {
        return point(dimension, metric, x, system).map(ScalePoint::figure).filter(Figure::present)
                .map(Figure::median);
    }

    void describe(String dimension, String description) {
        descriptions.put(dimension, description);
    }

    Map<String, String> descriptions() {
        return descriptions;
    }

    void fact(String name, String value) {
        facts.put(name, value);
    }

    Map<String, String> facts() {
        return facts;
    }
}
