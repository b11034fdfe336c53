package dev.sluice.bench;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every figure of a run by workload and system, plus the facts about the run that the CSV records (date,
 * machine, versions, fsync time). Thread-confined to the benchmark's main thread.
 */
final class Results {

    private final Map<Workload, Map<Column, Figure>> figures = new EnumMap<>(Workload.class);
    private final Map<String, String> facts = new LinkedHashMap<>();

    void put(Workload workload, Column column, Figure figure) {
        figures.computeIfAbsent(workload, key -> new EnumMap<>(Column.class)).put(column, figure);
    }

    Optional<Figure> get(Workload workload, Column column) {
        return Optional.ofNullable(figures.getOrDefault(workload, Map.of()).get(column));
    }

    /** The median, if the workload ran on that system. */
    Optional<Double> median(Workload workload, Column column) {
        return get(workload, column).filter(Figure::present).map(Figure::median);
    }

    /** The figure shown in a cell: a ceiling row's own value, or for a JMS row its ceiling row's value. */
    Optional<Double> cell(Workload workload, Column column) {
        if (column == Column.PG_CEILING && !workload.isCeiling()) {
            return workload.ceiling().flatMap(ceiling -> median(ceiling, Column.PG_CEILING));
        }
        return median(workload, column);
    }

    /** Sluice's figure divided by the other system's, if both exist. */
    Optional<Double> ratio(Workload workload, Column other) {
        if (workload.isCeiling()) {
            return Optional.empty();
        }
        Optional<Double> sluice = median(workload, Column.SLUICE);
        Optional<Double> peer = cell(workload, other);
        if (sluice.isEmpty() || peer.isEmpty() || peer.get() == 0) {
            return Optional.empty();
        }
        return Optional.of(sluice.get() / peer.get());
    }

    void fact(String name, String value) {
        facts.put(name, value);
    }

    Map<String, String> facts() {
        return facts;
    }
}
