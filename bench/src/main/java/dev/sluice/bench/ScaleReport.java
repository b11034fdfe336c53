package dev.sluice.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Renders {@link ScaleResults} as console tables (one per dimension and metric: a row per x, a column per system,
 * then Sluice's ratio to artemis-tuned) and as CSV with the run's facts in {@code #} comment lines. Stateless.
 */
final class ScaleReport {

    /** The header of the ratio column, and the name of the ratio series in {@link ScaleChart}. */
    static final String RATIO = Column.SLUICE.id + "/" + Column.ARTEMIS_TUNED.id;

    private ScaleReport() {
    }

    static String render(ScaleResults results) {
        StringBuilder out = new StringBuilder();
        List<String> failures = new ArrayList<>();
        for (List<ScalePoint> group : results.byDimensionAndMetric()) {
            out.append(heading(results, group.get(0))).append('\n').append(table(results, group, failures))
                    .append('\n');
        }
        out.append("Ratios are ").append(RATIO).append(": above 1 Sluice is ahead on throughput rows;")
                .append(" on latency rows below 1 is better.\n");
        for (String failure : failures) {
            out.append("FAILED ").append(failure).append('\n');
        }
        return out.toString();
    }

    /** The table of one dimension and metric: a row per x; adds the failed points to {@code failures}. */
    private static String table(ScaleResults results, List<ScalePoint> group, List<String> failures) {
        ScalePoint first = group.get(0);
        List<Column> systems = systems(results, first.dimension());
        boolean ratio = systems.contains(Column.SLUICE) && systems.contains(Column.ARTEMIS_TUNED);
        List<String> header = new ArrayList<>(List.of(first.xUnit()));
        systems.forEach(system -> header.add(system.id));
        if (ratio) {
            header.add(RATIO);
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (double x : group.stream().map(ScalePoint::x).distinct().sorted().toList()) {
            List<String> row = new ArrayList<>(List.of(xCell(x)));
            for (Column system : systems) {
                Optional<Figure> figure = results.point(first.dimension(), first.metric(), x, system)
                        .map(ScalePoint::figure);
                if (figure.isEmpty()) {
                    row.add("-");
                } else if (!figure.get().present()) {
                    row.add("FAILED");
                    failures.add(first.dimension() + " " + first.metric() + " at " + xCell(x) + " "
                            + first.xUnit() + " on " + system.id + ": " + figure.get().failure());
                } else {
                    row.add(number(first.unit(), figure.get().median()));
                }
            }
            if (ratio) {
                row.add(results.ratio(first.dimension(), first.metric(), x)
                        .map(value -> String.format(Locale.ROOT, "%.2f", value)).orElse("-"));
            }
            rows.add(row);
        }
        return ResultTable.align(rows);
    }

    /** Writes the CSV: the facts as comment lines, then one line per point. */
    static Path writeCsv(ScaleResults results, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# Sluice benchmark, scale mode: figures against a growing dimension, Sluice and its peers");
        for (Map.Entry<String, String> fact : results.facts().entrySet()) {
            lines.add("# " + fact.getKey() + ": " + fact.getValue().replace('\n', ' '));
        }
        lines.add("dimension,metric,unit,x,x_unit,system,median,samples,failure");
        for (ScalePoint point : results.points()) {
            Figure figure = point.figure();
            lines.add(String.join(",", ResultTable.quote(point.dimension()), ResultTable.quote(point.metric()),
                    ResultTable.quote(point.unit()), plain(point.x()), ResultTable.quote(point.xUnit()),
                    point.system().id,
                    figure.present() ? plain(figure.median()) : "",
                    figure.samples().stream().map(ScaleReport::plain).collect(Collectors.joining(";")),
                    figure.failure() == null ? "" : ResultTable.quote(figure.failure().replace('\n', ' '))));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** The systems with a point in that dimension, in column order, so all its tables have the same columns. */
    private static List<Column> systems(ScaleResults results, String dimension) {
        return Arrays.stream(Column.values())
                .filter(system -> results.points().stream()
                        .anyMatch(point -> point.dimension().equals(dimension) && point.system() == system))
                .toList();
    }

    private static String heading(ScaleResults results, ScalePoint first) {
        String title = first.dimension() + ": " + first.metric() + " (" + first.unit() + ")";
        String description = results.descriptions().get(first.dimension());
        return description == null ? title : title + " - " + description;
    }

    /** A figure as the table shows it: latencies to the hundredth, MB/s to the tenth, rates whole. */
    private static String number(String unit, double value) {
        return switch (unit) {
            case "ms" -> String.format(Locale.ROOT, "%.2f", value);
            case "MB/s" -> String.format(Locale.ROOT, "%.1f", value);
            default -> String.format(Locale.ROOT, "%,.0f", value);
        };
    }

    private static String xCell(double x) {
        return x == Math.rint(x) ? String.format(Locale.ROOT, "%,.0f", x) : plain(x);
    }

    /** Six significant digits without exponent, so a spreadsheet reads small latencies and large rates alike. */
    private static String plain(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
