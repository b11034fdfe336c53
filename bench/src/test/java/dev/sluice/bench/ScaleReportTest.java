package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaleReportTest {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final String FAILURE = "AMQ222010: broker ran out of memory, at \"16\" consumers";

    @TempDir
    Path directory;

    @Test
    void tableShowsMediansRatiosAndFailures() {
        String table = ScaleReport.render(results());

        List<String> lines = table.lines().map(line -> line.trim().replaceAll(" +", " ")).toList();
        assertThat(lines).contains(
                "backlog: consume rate (msg/s) - Messages queued before the consumers start.",
                "messages queued sluice artemis-tuned sluice/artemis-tuned",
                "1 10,000 8,000 1.25",
                "10 9,000 9,000 1.00",
                "100 8,000 10,000 0.80",
                "1,000 5,000 10,000 0.50",
                "consumers: p99 latency (ms) - Consumers on one queue.",
                "1 2.50 1.25 2.00",
                "4 3.00 2.00 1.50",
                "16 4.25 FAILED -",
                "FAILED consumers p99 latency at 16 consumers on artemis-tuned: " + FAILURE);
        assertThat(table.indexOf("backlog:")).isLessThan(table.indexOf("consumers:"));
        assertThat(table).contains("above 1 Sluice is ahead on throughput rows", "below 1 is better");
    }

    @Test
    void csvParsesBackToTheMedians() throws IOException {
        Path file = ScaleReport.writeCsv(results(), directory.resolve("results").resolve("scale.csv"));

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).startsWith("# ");
        assertThat(lines.subList(1, 3)).containsExactly("# date: 2026-12-03", "# machine: 2 cores, test");
        List<String> data = lines.stream().filter(line -> !line.startsWith("#")).toList();
        assertThat(data.get(0)).isEqualTo("dimension,metric,unit,x,x_unit,system,median,samples,failure");
        Map<String, List<String>> byPoint = new HashMap<>();
        for (String line : data.subList(1, data.size())) {
            List<String> fields = fields(line);
            assertThat(fields).hasSize(9);
            byPoint.put(fields.get(0) + "@" + Double.parseDouble(fields.get(3)) + "@" + fields.get(5), fields);
        }
        assertThat(byPoint).hasSize(14);
        assertThat(median(byPoint.get("backlog@1000.0@sluice"))).isEqualTo(5000);
        assertThat(median(byPoint.get("backlog@1.0@artemis-tuned"))).isEqualTo(8000);
        assertThat(median(byPoint.get("consumers@16.0@sluice"))).isEqualTo(4.25);
        assertThat(byPoint.get("backlog@1000.0@sluice").get(7)).isEqualTo("5050;4900;5000");
        List<String> failed = byPoint.get("consumers@16.0@artemis-tuned");
        assertThat(failed.get(6)).isEmpty();
        assertThat(failed.get(8)).isEqualTo(FAILURE);
    }

    @Test
    void chartsArePngFilesPerDimensionAndMetric() throws IOException {
        List<Path> files = ScaleChart.write(results(), directory, "20261203-120000");

        assertThat(files).extracting(file -> file.getFileName().toString()).containsExactly(
                "scale-20261203-120000-backlog-consume-rate.png", "scale-20261203-120000-consumers-p99-latency.png");
        files.forEach(ScaleReportTest::assertPng);
    }

    @Test
    void chartOfASinglePointRenders() throws IOException {
        ScaleResults results = new ScaleResults();
        results.add(point("payload", "publish rate", "MB/s", 1024, "bytes", Column.SLUICE, 44));
        results.add(point("payload", "publish rate", "MB/s", 1024, "bytes", Column.ARTEMIS_TUNED, 40));
        results.add(point("lone", "publish rate", "MB/s", 1024, "bytes", Column.SLUICE, 44));

        List<Path> files = ScaleChart.write(results, directory, "single");

        assertThat(files).hasSize(2);
        files.forEach(ScaleReportTest::assertPng);
        assertThat(ScaleReport.render(results).lines().map(line -> line.replaceAll(" +", " ")))
                .contains("1,024 44.0 40.0 1.10", "1,024 44.0");
    }

    /** Throughput over a backlog of 1 to 1000 messages, and p99 latency over consumers, failed at 16 on Artemis. */
    private static ScaleResults results() {
        ScaleResults results = new ScaleResults();
        results.fact("date", "2026-12-03");
        results.fact("machine", "2 cores, test");
        results.describe("backlog", "Messages queued before the consumers start.");
        results.describe("consumers", "Consumers on one queue.");
        double[] backlog = {1, 10, 100, 1000};
        double[] sluice = {10_000, 9_000, 8_000, 5_000};
        double[] tuned = {8_000, 9_000, 10_000, 10_000};
        for (int i = 0; i < backlog.length; i++) {
            results.add(point("backlog", "consume rate", "msg/s", backlog[i], "messages queued", Column.SLUICE,
                    sluice[i]));
            results.add(point("backlog", "consume rate", "msg/s", backlog[i], "messages queued",
                    Column.ARTEMIS_TUNED, tuned[i]));
        }
        double[] consumers = {1, 4, 16};
        double[] sluiceLatency = {2.5, 3.0, 4.25};
        double[] tunedLatency = {1.25, 2.0};
        for (int i = 0; i < consumers.length; i++) {
            results.add(point("consumers", "p99 latency", "ms", consumers[i], "consumers", Column.SLUICE,
                    sluiceLatency[i]));
            results.add(i < tunedLatency.length
                    ? point("consumers", "p99 latency", "ms", consumers[i], "consumers", Column.ARTEMIS_TUNED,
                            tunedLatency[i])
                    : new ScalePoint("consumers", "p99 latency", "ms", true, consumers[i], "consumers",
                            Column.ARTEMIS_TUNED, Figure.failed(FAILURE)));
        }
        return results;
    }

    /** A point of three iterations whose median is {@code median}, out of order so the median must sort them. */
    private static ScalePoint point(String dimension, String metric, String unit, double x, String xUnit,
                                    Column system, double median) {
        return new ScalePoint(dimension, metric, unit, unit.equals("ms"), x, xUnit, system,
                Figure.of(List.of(median * 1.01, median * 0.98, median)));
    }

    private static double median(List<String> fields) {
        return Double.parseDouble(fields.get(6));
    }

    /** The fields of one CSV line, with quoted fields unquoted. */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static void assertPng(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            assertThat(bytes.length).as("size of %s", file).isGreaterThan(PNG_MAGIC.length);
            assertThat(bytes).as("start of %s", file).startsWith(PNG_MAGIC);
        } catch (IOException e) {
            throw new AssertionError("Cannot read " + file, e);
        }
    }
}
