package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.Styler.YAxisPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;

/**
 * Draws {@link ScaleResults} as PNG charts, one per dimension and metric: a line per system of its medians over
 * x, and Sluice's ratio to artemis-tuned dashed on a second y axis on the right. Stateless.
 */
final class ScaleChart {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;
    /** XChart's y-axis group of the ratio; group 0 is the figures' axis on the left. */
    private static final int RATIO_AXIS = 1;
    /** The x span from which a linear axis would squeeze the small values of a sweep into its first pixels. */
    private static final double LOG_SPAN = 100;

    private ScaleChart() {
    }

    /** Writes {@code scale-<stamp>-<dimension>-<metric>.png} per dimension and metric into the directory. */
    static List<Path> write(ScaleResults results, Path directory, String stamp) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            // A benchmark host has no display; without this AWT would look for one to render the image.
            System.setProperty("java.awt.headless", "true");
        }
        Files.createDirectories(directory);
        List<Path> files = new ArrayList<>();
        for (List<ScalePoint> group : results.byDimensionAndMetric()) {
            ScalePoint first = group.get(0);
            Path file = directory.resolve(
                    "scale-" + stamp + "-" + slug(first.dimension()) + "-" + slug(first.metric()) + ".png");
            Files.write(file, BitmapEncoder.getBitmapBytes(chart(results, group), BitmapFormat.PNG));
            files.add(file);
        }
        return files;
    }

    private static XYChart chart(ScaleResults results, List<ScalePoint> group) {
        ScalePoint first = group.get(0);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(first.dimension() + ": " + first.metric()).xAxisTitle(first.xUnit())
                .yAxisTitle(first.unit()).build();
        XYStyler styler = chart.getStyler();
        styler.setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
        // Else a logarithmic axis labels 10000 as 1E4.
        styler.setXAxisDecimalPattern("#,##0.###");
        styler.setLegendPosition(LegendPosition.OutsideS);
        styler.setLegendLayout(LegendLayout.Horizontal);
        List<Double> xs = group.stream().map(ScalePoint::x).distinct().sorted().toList();
        List<Double> plotted = addSystems(chart, results, first, xs);
        addRatio(chart, results, first, xs);
        if (plotted.isEmpty()) {
            chart.setTitle(chart.getTitle() + " (every point failed)");
        }
        double min = plotted.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = plotted.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        styler.setXAxisLogarithmic(min > 0 && max / min >= LOG_SPAN);
        return chart;
    }

    /** A series per system of its medians, failed points left out; returns the x of every point drawn. */
    private static List<Double> addSystems(XYChart chart, ScaleResults results, ScalePoint first, List<Double> xs) {
        List<Double> plotted = new ArrayList<>();
        for (Column system : Column.values()) {
            List<Double> systemXs = new ArrayList<>();
            List<Double> medians = new ArrayList<>();
            for (double x : xs) {
                results.point(first.dimension(), first.metric(), x, system).map(ScalePoint::figure)
                        .filter(Figure::present).ifPresent(figure -> {
                            systemXs.add(x);
                            medians.add(figure.median());
                        });
            }
            if (!systemXs.isEmpty()) {
                chart.addSeries(system.id, systemXs, medians);
                plotted.addAll(systemXs);
            }
        }
        return plotted;
    }

    /** The ratio dashed on its own axis on the right, where Sluice and artemis-tuned both have a median. */
    private static void addRatio(XYChart chart, ScaleResults results, ScalePoint first, List<Double> xs) {
        List<Double> ratioXs = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (double x : xs) {
            results.ratio(first.dimension(), first.metric(), x).ifPresent(ratio -> {
                ratioXs.add(x);
                ratios.add(ratio);
            });
        }
        if (ratios.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(ScaleReport.RATIO, ratioXs, ratios);
        series.setYAxisGroup(RATIO_AXIS);
        series.setLineStyle(SeriesLines.DASH_DASH);
        chart.setYAxisGroupTitle(RATIO_AXIS, "ratio " + ScaleReport.RATIO + " (1 = break-even)");
        XYStyler styler = chart.getStyler();
        styler.setYAxisGroupPosition(RATIO_AXIS, YAxisPosition.Right);
        // From 0 to past 1, so the break-even is always on the axis and a lone ratio still spans a range.
        styler.setYAxisMin(RATIO_AXIS, 0.0);
        styler.setYAxisMax(RATIO_AXIS, Math.max(1, Collections.max(ratios)) * 1.1);
    }

    private static String slug(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}
