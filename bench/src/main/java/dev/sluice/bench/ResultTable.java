package dev.sluice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders {@link Results} as the console table (a row per workload, a column per system, then Sluice's ratios to
 * each peer) and as CSV with the run's facts in {@code #} comment lines. Stateless.
 */
final class ResultTable {

    /** The peers Sluice's figures are divided by, in the order of the ratio columns. */
    private static final List<Column> PEERS =
            List.of(Column.ARTEMIS_JDBC, Column.ARTEMIS_JOURNAL, Column.ARTEMIS_TUNED, Column.PG_CEILING);

    private ResultTable() {
    }

    static String render(Results results, Set<Workload> workloads) {
        List<String> header = new ArrayList<>(List.of("workload", "unit"));
        for (Column column : Column.values()) {
            header.add(column.id);
        }
        for (Column peer : PEERS) {
            header.add("S/" + shortName(peer));
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        List<String> failures = new ArrayList<>();
        for (Workload workload : shown(results, workloads)) {
            List<String> row = new ArrayList<>(List.of(workload.label, workload.unit.label));
            for (Column column : Column.values()) {
                Optional<Figure> figure = results.get(workload, column);
                if (figure.isPresent() && !figure.get().present()) {
                    row.add("FAILED");
                    failures.add(workload.label + " on " + column.id + ": " + figure.get().failure());
                } else {
                    Optional<Double> cell = results.cell(workload, column);
                    String text = cell.map(value -> number(workload, value)).orElse("-");
                    row.add(column == Column.PG_CEILING && !workload.isCeiling() && cell.isPresent()
                            ? "(" + text + ")" : text);
                }
            }
            for (Column peer : PEERS) {
                row.add(results.ratio(workload, peer).map(ResultTable::ratio).orElse("-"));
            }
            rows.add(row);
        }
        StringBuilder out = new StringBuilder(align(rows));
        out.append('\n').append("Ratios are Sluice / peer: above 1 Sluice is ahead on throughput; on latency rows")
                .append(" below 1 is better.\n")
                .append("A figure in parentheses is the raw PostgreSQL row that JMS row is read against: ")
                .append(ceilingLegend(workloads)).append('\n');
        for (String failure : failures) {
            out.append("FAILED ").append(failure).append('\n');
        }
        return out.toString();
    }

    /** The rows some system ran (a run limited to some systems leaves the others' rows out). */
    private static List<Workload> shown(Results results, Set<Workload> workloads) {
        return workloads.stream()
                .filter(workload -> java.util.Arrays.stream(Column.values())
                        .anyMatch(column -> results.get(workload, column).isPresent()))
                .toList();
    }

    private static String ceilingLegend(Set<Workload> workloads) {
        return workloads.stream().filter(workload -> workload.ceiling().isPresent())
                .map(workload -> workload.id + " <- " + workload.ceiling().get().id)
                .collect(Collectors.joining(", "));
    }

    private static String shortName(Column peer) {
        return switch (peer) {
            case ARTEMIS_JDBC -> "A-jdbc";
            case ARTEMIS_JOURNAL -> "A-journal";
            case ARTEMIS_TUNED -> "A-tuned";
            case PG_CEILING -> "ceiling";
            case SLUICE -> "sluice";
        };
    }

    /** The rows as columns, the first left-aligned, the others right-aligned; the header underlined. */
    static String align(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String cell = row.get(i);
                if (i == 0) {
                    line.append(String.format("%-" + widths[i] + "s", cell));
                } else {
                    line.append("  ").append(String.format("%" + widths[i] + "s", cell));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                int total = line.length();
                out.append("-".repeat(total)).append('\n');
            }
        }
        return out.toString();
    }

    static String number(Workload workload, double value) {
        return workload.unit == Workload.Unit.MILLISECONDS
                ? String.format(Locale.ROOT, "%.2f", value)
                : String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** Writes the CSV: the facts as comment lines, then one line per workload. */
    static Path writeCsv(Results results, Set<Workload> workloads, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# Sluice benchmark: Sluice against ActiveMQ Artemis and the raw PostgreSQL ceiling");
        for (Map.Entry<String, String> fact : results.facts().entrySet()) {
            lines.add("# " + fact.getKey() + ": " + fact.getValue().replace('\n', ' '));
        }
        List<String> header = new ArrayList<>(List.of("workload", "unit"));
        for (Column column : Column.values()) {
            header.add(column.id);
        }
        header.add("ceiling_row");
        for (Column peer : PEERS) {
            header.add("sluice/" + peer.id);
        }
        for (Column column : Column.values()) {
            header.add(column.id + " iterations");
        }
        lines.add(String.join(",", header));
        for (Workload workload : shown(results, workloads)) {
            List<String> cells = new ArrayList<>(List.of(quote(workload.label), workload.unit.label));
            for (Column column : Column.values()) {
                Optional<Figure> figure = results.get(workload, column);
                if (figure.isPresent() && !figure.get().present()) {
                    cells.add("FAILED");
                } else {
                    cells.add(results.cell(workload, column).map(ResultTable::plain).orElse(""));
                }
            }
            cells.add(workload.ceiling().map(ceiling -> ceiling.id).orElse(""));
            for (Column peer : PEERS) {
                cells.add(results.ratio(workload, peer).map(value -> String.format(Locale.ROOT, "%.3f", value))
                        .orElse(""));
            }
            for (Column column : Column.values()) {
                cells.add(results.get(workload, column)
                        .map(figure -> figure.present()
                                ? figure.samples().stream().map(ResultTable::plain).collect(Collectors.joining(" "))
                                : quote("failed: " + figure.failure()))
                        .orElse(""));
            }
            lines.add(String.join(",", cells));
        }
        Files.createDirectories(file.getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static String plain(double value) {
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.3f", value);
    }

    /** A CSV field, quoted when it holds a comma or a quote. */
    static String quote(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
