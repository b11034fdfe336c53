package dev.sluice.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The figure of one workload on one system: the median of its measured iterations, or why there is none.
 * Immutable.
 *
 * @param samples one value per measured iteration, in run order
 * @param failure what went wrong (null when the workload ran)
 */
record Figure(List<Double> samples, String failure) {

    Figure {
        samples = List.copyOf(samples);
    }

    static Figure of(List<Double> samples) {
        return new Figure(samples, null);
    }

    static Figure failed(String failure) {
        return new Figure(List.of(), failure);
    }

    boolean present() {
        return failure == null && !samples.isEmpty();
    }

    double median() {
        if (!present()) {
            throw new IllegalStateException("No figure: " + failure);
        }
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
